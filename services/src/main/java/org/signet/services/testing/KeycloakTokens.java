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
