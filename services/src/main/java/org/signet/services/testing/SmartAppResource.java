package org.signet.services.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.signet.services.ehr.SandboxEhrServer;
import org.signet.services.keycloak.KeycloakServer;

/**
 * Makes signoff-service under test a SMART app of the test JVM's sandbox EHR: its issuer trusted, realm {@code ehr}'s
 * client {@value KeycloakServer#SMART_CLIENT} with its secret, signoff's key for user assertions to realm
 * {@code signet}, and a session cookie without {@code Secure} (plain http). The test must run on
 * {@value #PORT}, the second redirect URI realm {@code ehr} registers for the app (as 8085 is for the UI's client).
 */
public class SmartAppResource implements QuarkusTestResourceLifecycleManager {

    /** The port signoff's SMART tests run on. */
    public static final int PORT = 8086;
    public static final String EHR = "sandbox";

    @Override
    public Map<String, String> start() {
        KeycloakServer keycloak = BackingServices.keycloak();
        SandboxEhrServer ehr = BackingServices.sandboxEhr();
        return Map.of(
                "quarkus.http.test-port", String.valueOf(PORT),
                "signet.smart.redirect-uri", "http://localhost:" + PORT + KeycloakServer.SMART_CALLBACK_PATH,
                "signet.smart.ehrs." + EHR + ".issuer", ehr.fhirBaseUrl(),
                "signet.smart.ehrs." + EHR + ".client-id", KeycloakServer.SMART_CLIENT,
                "signet.smart.ehrs." + EHR + ".client-secret", keycloak.smartClientSecret(),
                "signet.smart.assertion.private-key", keycloak.signoffAssertionKey(),
                "signet.smart.cookie-secure", "false");
    }

    @Override
    public void stop() {
        // the backing services are shared by every test class of this JVM
    }
}
