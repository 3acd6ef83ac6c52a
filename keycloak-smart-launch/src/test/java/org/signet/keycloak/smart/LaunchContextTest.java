package org.signet.keycloak.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Launch contexts signed independently of Keycloak's JOSE code (javax.crypto), as the sandbox EHR signs them. */
class LaunchContextTest {

    private static final byte[] SECRET = "a-launch-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final String APP = "signet-smart";
    private static final long NOW = 1_800_000_000L;
    private static final String CLAIMS = "{\"patient\":\"p-1\",\"encounter\":\"e-9\",\"fhir\":\"http://127.0.0.1:8190/fhir\","
            + "\"aud\":\"signet-smart\",\"exp\":" + (NOW + 300) + ",\"jti\":\"launch-1\"}";

    @Test
    void aContextSignedForThisAppGivesPatientEncounterAndServer() throws Exception {
        LaunchContext c = LaunchContext.verify(sign("HS256", CLAIMS, SECRET), SECRET, APP, NOW);
        assertEquals("p-1", c.patient());
        assertEquals("e-9", c.encounter());
        assertEquals("http://127.0.0.1:8190/fhir", c.fhirBase());
        assertEquals("launch-1", c.jti());
        assertTrue(c.audienceIs("http://127.0.0.1:8190/fhir/"));
        assertTrue(!c.audienceIs("http://127.0.0.1:9999/fhir") && !c.audienceIs(null));
    }

    @Test
    void anEncounterIsOptional() throws Exception {
        String claims = CLAIMS.replace("\"encounter\":\"e-9\",", "");
        assertNull(LaunchContext.verify(sign("HS256", claims, SECRET), SECRET, APP, NOW).encounter());
    }

    @Test
    void anAlteredForgedExpiredOrForeignLaunchIsRefused() throws Exception {
        String good = sign("HS256", CLAIMS, SECRET);
        String[] parts = good.split("\\.");
        String otherPatient = parts[0] + "." + b64(CLAIMS.replace("p-1", "p-2")) + "." + parts[2];
        refused(otherPatient, "signature");
        refused(sign("HS256", CLAIMS, "another-secret-of-at-least-32-characters!".getBytes(StandardCharsets.UTF_8)),
                "signature");
        refused(b64("{\"alg\":\"none\"}") + "." + b64(CLAIMS) + ".", "HS256");
        refused(sign("HS512", CLAIMS, SECRET), "HS256");
        refused(sign("HS256", CLAIMS.replace(String.valueOf(NOW + 300), String.valueOf(NOW)), SECRET), "expired");
        refused(sign("HS256", CLAIMS.replace("\"aud\":\"signet-smart\"", "\"aud\":\"other-app\""), SECRET),
                "another app");
        refused(sign("HS256", CLAIMS.replace("\"p-1\"", "\"../Patient\""), SECRET), "no patient");
        refused(sign("HS256", CLAIMS.replace("http://127.0.0.1:8190/fhir", "javascript:alert(1)"), SECRET),
                "no FHIR server");
        refused(sign("HS256", CLAIMS.replace("\"jti\":\"launch-1\"", "\"jti\":\"\""), SECRET), "no id");
        refused("not-a-jws", "not a launch context");
        refused("", "not a launch context");
    }

    private static void refused(String launch, String why) {
        var e = assertThrows(LaunchContext.InvalidLaunch.class, () -> LaunchContext.verify(launch, SECRET, APP, NOW));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    static String sign(String alg, String claims, byte[] secret) throws Exception {
        String input = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64(claims);
        String javaAlg = "HmacSHA" + alg.substring(2);
        Mac mac = Mac.getInstance(javaAlg);
        mac.init(new SecretKeySpec(secret, javaAlg));
        return input + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
