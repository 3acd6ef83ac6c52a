package org.signet.services.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.signet.services.keycloak.KeycloakServer;

/** Real access tokens from the test JVM's Keycloak, for driving services as a user or as a service. */
public final class KeycloakTokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakTokens() {}

    /** A user's access token (password grant on the local-only {@code signet-cli} client). */
    public static String user(String username) {
        return token(Map.of("grant_type", "password", "client_id", "signet-cli", "username", username,
                "password", BackingServices.keycloak().userPassword()));
    }

    /**
     * A user's access token from an interactive sign-in (authorization code + PKCE on the UI's public client
     * {@code signoff-web}, the login form filled in as a browser would). Unlike {@link #user}'s password grant, it
     * carries {@code auth_time}, which changes that widen what data may flow require to be recent (step-up).
     */
    public static String signedIn(String username) {
        String realm = BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM) + "/protocol/openid-connect";
        String redirect = "http://localhost:8184/";
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String verifier = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            HttpBrowser browser = new HttpBrowser();
            HttpResponse<String> login = browser.get(realm + "/auth?" + HttpBrowser.form(Map.of(
                    "client_id", "signoff-web", "response_type", "code", "scope", "openid",
                    "redirect_uri", redirect, "state", "tokens", "code_challenge", challenge,
                    "code_challenge_method", "S256", "max_age", "0")));
            String back = HttpBrowser.location(browser.logIn(login, username,
                    BackingServices.keycloak().userPassword()));
            String code = HttpBrowser.query(back).get("code");
            if (code == null) {
                throw new IllegalStateException("Keycloak did not sign " + username + " in: " + back);
            }
            return token(Map.of("grant_type", "authorization_code", "client_id", "signoff-web", "code", code,
                    "redirect_uri", redirect, "code_verifier", verifier));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot sign " + username + " in at " + realm, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Keycloak user id ({@code sub}) of a local user, as services see it in tokens. */
    public static String subject(String username) {
        String payload = user(username).split("\\.")[1];
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload)).path("sub").asText();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable token", e);
        }
    }

    /**
     * A user's real access token with its signature stripped and its header claiming {@code alg: none}: every
     * claim is genuine, so only the missing signature can get it refused.
     */
    public static String unsigned(String username) {
        String[] parts = user(username).split("\\.");
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + ".";
    }

    /**
     * The grace a service under test allows past a token's {@code exp} (service-kit's
     * {@code %test.quarkus.oidc.token.lifespan-grace}; deployed services allow 150 s for clock skew).
     */
    public static final int TEST_LIFESPAN_GRACE_SECONDS = 2;

    /**
     * A user's genuine token that has expired: issued by a test client whose tokens live one second, then waited
     * out, grace included. Every claim but {@code exp} is what a live token would carry.
     */
    public static String expired(String username) {
        ensureTestClient(KeycloakServer.SIGNET_REALM, "signet-matrix-short-lived", true, "1");
        String token = token(KeycloakServer.SIGNET_REALM, Map.of("grant_type", "password",
                "client_id", "signet-matrix-short-lived", "username", username,
                "password", BackingServices.keycloak().userPassword()));
        long expiry = claims(token).path("exp").asLong();
        try {
            while (System.currentTimeMillis() / 1000 <= expiry + TEST_LIFESPAN_GRACE_SECONDS + 1) {
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return token;
    }

    /** A genuine token of the same user name from realm {@value KeycloakServer#EHR_REALM}: signed, but by the wrong issuer. */
    public static String otherRealm(String username) {
        ensureTestClient(KeycloakServer.EHR_REALM, "signet-matrix-ehr", true, null);
        return token(KeycloakServer.EHR_REALM, Map.of("grant_type", "password", "client_id", "signet-matrix-ehr",
                "username", username, "password", BackingServices.keycloak().userPassword()));
    }

    /** A genuine token of realm {@value KeycloakServer#SIGNET_REALM} for a client without Signet's API audience. */
    public static String wrongAudience(String username) {
        ensureTestClient(KeycloakServer.SIGNET_REALM, "signet-matrix-no-audience", false, null);
        return token(KeycloakServer.SIGNET_REALM, Map.of("grant_type", "password",
                "client_id", "signet-matrix-no-audience", "username", username,
                "password", BackingServices.keycloak().userPassword()));
    }

    /**
     * The algorithm-confusion forgery: a user's real claims and key id, {@code alg: HS256}, signed with the realm's
     * published RSA public key used as the HMAC secret. A verifier that lets the token choose its algorithm accepts it.
     */
    public static String hs256WithPublicKey(String username) {
        String[] parts = user(username).split("\\.");
        try {
            JsonNode header = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[0]));
            HttpResponse<String> realm = HTTP.send(HttpRequest.newBuilder(URI.create(
                    BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String publicKey = JSON.readTree(realm.body()).path("public_key").asText();
            if (publicKey.isEmpty()) {
                throw new IllegalStateException("realm " + KeycloakServer.SIGNET_REALM + " publishes no public key");
            }
            String forgedHeader = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + header.path("kid").asText() + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            String signingInput = forgedHeader + "." + parts[1];
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            String pem = "-----BEGIN PUBLIC KEY-----\n" + publicKey + "\n-----END PUBLIC KEY-----\n";
            mac.init(new javax.crypto.spec.SecretKeySpec(pem.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return signingInput + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot forge an HS256 token", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A service account's access token (client credentials). */
    public static String service(String client) {
        return token(Map.of("grant_type", "client_credentials", "client_id", client,
                "client_secret", BackingServices.keycloak().clientSecret(client)));
    }

    /** A public test client with password grants; with Signet's API audience unless {@code audience} is false. */
    private static void ensureTestClient(String realm, String clientId, boolean audience, String lifespanSeconds) {
        Map<String, Object> client = new java.util.LinkedHashMap<>(Map.of("clientId", clientId, "enabled", true,
                "protocol", "openid-connect", "publicClient", true, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", true));
        if (audience) {
            client.put("protocolMappers", java.util.List.of(Map.of("name", "signet-api audience",
                    "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                    "config", Map.of("included.custom.audience", "signet-api", "access.token.claim", "true"))));
        }
        if (lifespanSeconds != null) {
            client.put("attributes", Map.of("access.token.lifespan", lifespanSeconds));
        }
        new KeycloakAdmin(BackingServices.keycloak()).ensureClient(realm, client);
    }

    private static JsonNode claims(String token) {
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable token", e);
        }
    }

    private static String token(Map<String, String> form) {
        return token(KeycloakServer.SIGNET_REALM, form);
    }

    private static String token(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI tokenEndpoint = URI.create(BackingServices.keycloak().realmUrl(realm)
                + "/protocol/openid-connect/token");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(tokenEndpoint)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !json.hasNonNull("access_token")) {
                throw new IllegalStateException("Keycloak refused a token (" + response.statusCode() + "): "
                        + json.path("error_description").asText(json.path("error").asText()));
            }
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Keycloak at " + tokenEndpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
