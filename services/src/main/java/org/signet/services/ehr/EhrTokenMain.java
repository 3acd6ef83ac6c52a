package org.signet.services.ehr;

import java.nio.file.Path;
import org.signet.services.process.JvmLogging;
import org.signet.services.process.RunDirectory;

/**
 * {@code bin/signet ehr-token [SCOPES] [BASE_URL]}: prints an access token for the local sandbox EHR, obtained
 * exactly as fhir-adapter does (SMART Backend Services, private_key_jwt), for browsing it with curl.
 */
public final class EhrTokenMain {

    static final String DEFAULT_SCOPES = "system/Patient.rs system/Encounter.rs system/Condition.rs "
            + "system/Observation.rs system/MedicationRequest.rs system/AllergyIntolerance.rs "
            + "system/DocumentReference.rs system/Consent.rs";

    private EhrTokenMain() {}

    public static void main(String[] args) throws Exception {
        JvmLogging.infoAndAbove();
        String scopes = args.length > 0 ? args[0] : DEFAULT_SCOPES;
        String base = args.length > 1 ? args[1] : "http://127.0.0.1:8190/fhir";
        EhrClientKey key = EhrClientKey.loadOrCreate(RunDirectory.keysDir());
        try {
            System.out.println(new SmartBackendServicesClient(base, EhrClientKey.CLIENT_ID, key.privateKey())
                    .accessToken(scopes));
        } catch (java.net.ConnectException e) {
            System.err.println("The sandbox EHR at " + base + " is not reachable: start the stack with bin/signet up.");
            System.exit(1);
        }
    }
}
