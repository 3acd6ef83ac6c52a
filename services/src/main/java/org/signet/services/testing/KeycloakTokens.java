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

    /** A service account's access token (client credentials). */
    public static String service(String client) {
        return token(Map.of("grant_type", "client_credentials", "client_id", client,
                "client_secret", BackingServices.keycloak().clientSecret(client)));
    }

    private static String token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI tokenEndpoint = URI.create(BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM)
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
