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
import java.util.List;
import java.util.Map;
import org.signet.services.keycloak.KeycloakServer;

/**
 * What a Signet admin does in Keycloak's admin API, for tests: add a user with realm roles, link a user to an
 * identity provider (the link an EHR launch maps a {@code fhirUser} through), change how long access tokens live.
 * Signs in as the master realm's bootstrap admin of this start.
 */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final KeycloakServer keycloak;

    public KeycloakAdmin(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /**
     * Adds an enabled user to {@code realm} with these realm roles and the local users' password (so
     * {@link KeycloakTokens#user} signs it in too); answers its id.
     */
    public String createUser(String realm, String username, List<String> roles) {
        String token = token();
        send(token, "POST", "/admin/realms/" + realm + "/users", Map.of("username", username, "enabled", true,
                "firstName", username, "lastName", "Test", "email", username + "@signet.test", "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", keycloak.userPassword(),
                        "temporary", false))));
        String id = userId(token, realm, username);
        List<Object> roleReps = roles.stream().map(role -> (Object) JSON.convertValue(
                get(token, "/admin/realms/" + realm + "/roles/" + role), Map.class)).toList();
        send(token, "POST", "/admin/realms/" + realm + "/users/" + id + "/role-mappings/realm", roleReps);
        return id;
    }

    /** Links {@code username} to the identity provider's subject {@code userId} (what an admin does in the console). */
    public void link(String realm, String username, String identityProvider, String userId) {
        String token = token();
        String id = userId(token, realm, username);
        send(token, "POST", "/admin/realms/" + realm + "/users/" + id + "/federated-identity/" + identityProvider,
                Map.of("identityProvider", identityProvider, "userId", userId, "userName", username));
    }

    /**
     * Adds a client to {@code realm} unless one with its {@code clientId} is there already (tests share one Keycloak,
     * so a second test class asking for the same client gets the first one's).
     */
    public void ensureClient(String realm, Map<String, Object> client) {
        String token = token();
        JsonNode existing = get(token, "/admin/realms/" + realm + "/clients?clientId="
                + URLEncoder.encode(String.valueOf(client.get("clientId")), StandardCharsets.UTF_8));
        if (existing.isArray() && existing.isEmpty()) {
            send(token, "POST", "/admin/realms/" + realm + "/clients", client);
        }
    }

    /**
     * Sets how long {@code realm}'s access tokens live (what an admin sets under Realm settings → Tokens) and answers
     * what it was, so a test can put it back.
     */
    public int accessTokenLifespan(String realm, int seconds) {
        String token = token();
        int before = get(token, "/admin/realms/" + realm).path("accessTokenLifespan").asInt();
        send(token, "PUT", "/admin/realms/" + realm, Map.of("accessTokenLifespan", seconds));
        return before;
    }

    private String userId(String token, String realm, String username) {
        JsonNode users = get(token, "/admin/realms/" + realm + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8));
        if (!users.isArray() || users.isEmpty()) {
            throw new IllegalStateException("no user " + username + " in realm " + realm);
        }
        return users.get(0).path("id").asText();
    }

    private String token() {
        String form = "grant_type=password&client_id=admin-cli&username=" + KeycloakServer.BOOTSTRAP_ADMIN
                + "&password=" + URLEncoder.encode(keycloak.adminPassword(), StandardCharsets.UTF_8);
        HttpResponse<String> response = call(HttpRequest.newBuilder(URI.create(keycloak.realmUrl("master")
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        return read(response).path("access_token").asText();
    }

    private JsonNode get(String token, String path) {
        return read(call(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + path))
                .header("Authorization", "Bearer " + token).GET()));
    }

    private void send(String token, String method, String path, Object body) {
        try {
            read(call(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's admin API did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Keycloak's admin API answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's admin API answered something other than JSON", e);
        }
    }
}
