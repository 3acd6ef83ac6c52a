package org.signet.services.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SandboxEhrServer;

/**
 * Starts the sandbox EHR (and the Keycloak realm {@code ehr} it trusts) and hands a service the EHR's base URL
 * and fhir-adapter's SMART Backend Services credentials.
 */
public class SandboxEhrResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        SandboxEhrServer ehr = BackingServices.sandboxEhr();
        EhrClientKey key = BackingServices.ehrClientKey();
        return Map.of(
                "signet.adapter.ehr.base-url", ehr.fhirBaseUrl(),
                "signet.adapter.ehr.client-id", EhrClientKey.CLIENT_ID,
                "signet.adapter.ehr.key-store", key.keyStore().toString(),
                "signet.adapter.ehr.key-store-password", key.password());
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped when the JVM exits
    }
}
