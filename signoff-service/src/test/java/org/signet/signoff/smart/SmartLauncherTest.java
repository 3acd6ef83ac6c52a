package org.signet.signoff.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.HttpBrowser;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakAdmin;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SmartAppResource;
import org.signet.services.testing.SmartLauncher;
import org.signet.services.testing.SmartLauncherResource;

/**
 * Signet launched by an EHR nobody here wrote: smart-launcher-v2, the SMART community's reference launcher, in both
 * an EHR launch and a standalone launch, driven without a browser, each ending in a {@code /v1/session} for the Signet
 * user an admin linked to the launcher's practitioner. Skipped, saying so, where Node is absent; {@code .ci/run}
 * installs it and sets {@code SIGNET_REQUIRE_NODE=1}, which turns the absence into a failure.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
@WithTestResource(SmartLauncherResource.class)
class SmartLauncherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNET = "http://localhost:" + SmartAppResource.PORT;

    @BeforeAll
    static void needsNode() {
        String why = SmartLauncher.unavailableBecause();
        if (why != null) {
            if ("1".equals(System.getenv("SIGNET_REQUIRE_NODE"))) {
                throw new IllegalStateException("smart-launcher is required here but cannot run: " + why);
            }
            System.err.println("SKIPPED smart-launcher interoperability tests: " + why);
        }
        Assumptions.assumeTrue(why == null, "smart-launcher interoperability needs Node 18+: " + why);
    }

    /** A new clinician in realm signet, linked (as an admin links) to the launcher's practitioner on {@code iss}. */
    private static String linkedClinician(String iss) {
        String username = "dr.launcher-" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakAdmin admin = new KeycloakAdmin(BackingServices.keycloak());
        admin.createUser(KeycloakServer.SIGNET_REALM, username, List.of("clinician"));
        admin.link(KeycloakServer.SIGNET_REALM, username, KeycloakServer.EHR_LAUNCH_IDP,
                iss + "#Practitioner/" + SmartLauncherResource.PROVIDER);
        return username;
    }

    /** Follows Signet → the launcher's authorize → Signet's callback, and answers the session Signet then reports. */
    private static JsonNode sessionAfter(HttpBrowser browser, String signetStart) throws Exception {
        HttpResponse<String> toLauncher = browser.get(signetStart);
        assertEquals(303, toLauncher.statusCode(), toLauncher.body());
        HttpResponse<String> authorized = browser.get(HttpBrowser.location(toLauncher));
        String callback = HttpBrowser.location(authorized);
        assertTrue(callback.startsWith(SIGNET + "/launch/callback?"), callback);
        HttpResponse<String> signedIn = browser.get(callback, "Accept", "application/json");
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        HttpResponse<String> session = browser.get(SIGNET + "/v1/session");
        assertEquals(200, session.statusCode(), session.body());
        return JSON.readTree(session.body());
    }

    @Test
    void anEhrLaunchFromTheLauncherOpensASessionOnItsPatientAndEncounter() throws Exception {
        String iss = System.getProperty(SmartLauncherResource.EHR_ISSUER_PROPERTY);
        String user = linkedClinician(iss);
        String launch = SmartLauncher.launch(SmartLauncher.PROVIDER_EHR_LAUNCH, SmartLauncherResource.PATIENT,
                SmartLauncherResource.PROVIDER, SmartLauncherResource.ENCOUNTER);
        JsonNode session = sessionAfter(new HttpBrowser(), SIGNET + "/launch?iss=" + enc(iss) + "&launch=" + enc(launch));
        assertEquals(user, session.path("user").asText(), session.toString());
        assertEquals("Practitioner/" + SmartLauncherResource.PROVIDER, session.path("fhirUser").asText());
        assertEquals(SmartLauncherResource.PATIENT, session.path("patient").asText());
        assertEquals(SmartLauncherResource.ENCOUNTER, session.path("encounter").asText());
        assertEquals(iss, session.path("iss").asText());
        assertTrue(session.path("roles").toString().contains("clinician"));
    }

    @Test
    void aStandaloneLaunchLetsTheLauncherChooseThePatient() throws Exception {
        String iss = System.getProperty(SmartLauncherResource.STANDALONE_ISSUER_PROPERTY);
        String user = linkedClinician(iss);
        JsonNode session = sessionAfter(new HttpBrowser(),
                SIGNET + "/launch/standalone?ehr=" + SmartLauncherResource.STANDALONE);
        assertEquals(user, session.path("user").asText(), session.toString());
        assertEquals(SmartLauncherResource.PATIENT, session.path("patient").asText());
        assertNull(session.path("encounter").textValue(), "a standalone launch without an encounter");
    }

    @Test
    void aLauncherUserLinkedToNobodyIsRefused() throws Exception {
        String iss = System.getProperty(SmartLauncherResource.EHR_ISSUER_PROPERTY);
        String launch = SmartLauncher.launch(SmartLauncher.PROVIDER_EHR_LAUNCH, SmartLauncherResource.PATIENT,
                "launcher-practitioner-nobody-linked", "NONE");
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> toLauncher = browser.get(SIGNET + "/launch?iss=" + enc(iss) + "&launch=" + enc(launch));
        HttpResponse<String> refused = browser.get(HttpBrowser.location(browser.get(HttpBrowser.location(toLauncher))),
                "Accept", "application/json");
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("unlinked-user", JSON.readTree(refused.body()).path("reason").asText());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
