package org.signet.services.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.signet.services.keycloak.KeycloakServer;

/**
 * Points a Quarkus service's OIDC at the test JVM's real Keycloak, realm {@code signet}, as the service's own
 * client. Init arg {@code client} names it (e.g. {@code scribe-service}).
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    private String client;

    @Override
    public void init(Map<String, String> initArgs) {
        client = initArgs.get("client");
        if (client == null || !KeycloakServer.SERVICE_CLIENTS.contains(client)) {
            throw new IllegalArgumentException("KeycloakResource needs init arg client, one of "
                    + KeycloakServer.SERVICE_CLIENTS);
        }
    }

    @Override
    public Map<String, String> start() {
        KeycloakServer keycloak = BackingServices.keycloak();
        return Map.of(
                "quarkus.oidc.auth-server-url", keycloak.realmUrl(KeycloakServer.SIGNET_REALM),
                "quarkus.oidc.client-id", client,
                "quarkus.oidc.credentials.secret", keycloak.clientSecret(client));
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped when the JVM exits
    }
}
