package org.signet.services.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import org.signet.services.keycloak.KeycloakServer;

/**
 * Makes signoff-service under test a SMART app of smart-launcher-v2 (started here when Node is available): EHR
 * {@value #EHR} is its EHR launch ({@code iss} = its FHIR base) and {@value #STANDALONE} a standalone launch whose
 * options ({@link #PATIENT}, {@link #PROVIDER}) sit in the FHIR base, as the launcher's simulator wants; public
 * client, PKCE. The issuers are also left in system properties {@code signet.test.smart-launcher.*} for the test.
 * Without Node it configures nothing of the launcher and the test skips, saying why.
 */
public class SmartLauncherResource implements QuarkusTestResourceLifecycleManager {

    public static final String EHR = "launcher";
    public static final String STANDALONE = "launcher-standalone";
    public static final String PATIENT = "launcher-patient-1";
    public static final String PROVIDER = "launcher-practitioner-1";
    public static final String ENCOUNTER = "launcher-encounter-1";
    public static final String CLIENT_ID = "signet-smart";
    public static final String EHR_ISSUER_PROPERTY = "signet.test.smart-launcher.ehr-iss";
    public static final String STANDALONE_ISSUER_PROPERTY = "signet.test.smart-launcher.standalone-iss";

    private static SmartLauncher launcher;

    @Override
    public synchronized Map<String, String> start() {
        KeycloakServer keycloak = BackingServices.keycloak();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", String.valueOf(SmartAppResource.PORT));
        config.put("signet.smart.redirect-uri", "http://localhost:" + SmartAppResource.PORT
                + KeycloakServer.SMART_CALLBACK_PATH);
        config.put("signet.smart.assertion.private-key", keycloak.signoffAssertionKey());
        config.put("signet.smart.cookie-secure", "false");
        if (!SmartLauncher.available()) {
            return config;
        }
        if (launcher == null) {
            launcher = SmartLauncher.start(BackingServices.run(), BackingServices.sandboxEhr().fhirBaseUrl());
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "signet-stop-smart-launcher"));
        }
        String standalone = launcher.standaloneIssuer(SmartLauncher.launch(SmartLauncher.PROVIDER_STANDALONE_LAUNCH,
                PATIENT, PROVIDER, "NONE"));
        System.setProperty(EHR_ISSUER_PROPERTY, launcher.ehrIssuer());
        System.setProperty(STANDALONE_ISSUER_PROPERTY, standalone);
        config.put("signet.smart.ehrs." + EHR + ".issuer", launcher.ehrIssuer());
        config.put("signet.smart.ehrs." + EHR + ".client-id", CLIENT_ID);
        config.put("signet.smart.ehrs." + STANDALONE + ".issuer", standalone);
        config.put("signet.smart.ehrs." + STANDALONE + ".client-id", CLIENT_ID);
        return config;
    }

    @Override
    public void stop() {
        // the launcher serves every test class of this JVM; stopped when the JVM exits
    }
}
