package org.signet.signoff.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.services.ehr.LinkedPractitioners;
import org.signet.services.ehr.SandboxEhrMain;
import org.signet.services.ehr.SmartLaunch;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.Browser;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.HttpBrowser;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SmartAppResource;
import org.signet.services.testing.TopicReader;

/**
 * Signet launched from the sandbox EHR, driven over HTTP as a browser would (no Chromium): the EHR's launch → Signet's
 * /launch → realm ehr's login → /launch/callback → a session cookie, with which the existing APIs work as the linked
 * Signet user and {@code /v1/session} tells what the launch established; and each bad input refused with a problem,
 * nothing created.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
@WithTestResource(SmartAppResource.class)
class SmartLaunchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNET = "http://localhost:" + SmartAppResource.PORT;
    private static final String PATIENT = "1c5a49ea-fc04-456b-9d86-82d3e8f25ab1";
    private static final String ENCOUNTER = "enc-for-this-test";

    private static String fhirBase() {
        return BackingServices.sandboxEhr().fhirBaseUrl();
    }

    private static String launch(String patient, String encounter) {
        return new SmartLaunch(BackingServices.keycloak().launchSecret(), fhirBase())
                .mint(KeycloakServer.SMART_CLIENT, patient, encounter);
    }

    /** From the EHR's launch to Signet's session cookie; answers the callback's response. */
    private static HttpResponse<String> launchAs(HttpBrowser browser, String user, String launch) throws Exception {
        HttpResponse<String> toEhr = browser.get(SIGNET + "/launch?iss=" + fhirBase() + "&launch=" + launch);
        assertEquals(303, toEhr.statusCode(), toEhr.body());
        String authorize = HttpBrowser.location(toEhr);
        Map<String, String> asked = HttpBrowser.query(authorize);
        assertEquals(fhirBase(), asked.get("aud"));
        assertEquals("S256", asked.get("code_challenge_method"));
        assertEquals(launch, asked.get("launch"));
        assertTrue(asked.get("scope").startsWith("launch openid fhirUser"), asked.get("scope"));
        HttpResponse<String> login = browser.get(authorize);
        assertTrue(HttpBrowser.isLoginForm(login), login.body());
        String callback = HttpBrowser.location(browser.logIn(login, user, BackingServices.TEST_USER_PASSWORD));
        assertTrue(callback.startsWith(SIGNET + "/launch/callback?"), callback);
        return browser.get(callback);
    }

    @Test
    void anEhrLaunchSignsTheLinkedClinicianInWithThePatientAndEncounter() throws Exception {
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> signedIn = launchAs(browser, "dr.ada", launch(PATIENT, ENCOUNTER));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        assertEquals(SIGNET + "/", HttpBrowser.location(signedIn));
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SmartLaunchResource.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        assertFalse(signedIn.body().contains("eyJ"), "no token reaches the browser");

        JsonNode session = JSON.readTree(browser.get(SIGNET + "/v1/session").body());
        assertEquals("dr.ada", session.path("user").asText(), session.toString());
        assertTrue(session.path("roles").toString().contains("clinician"), session.toString());
        assertEquals(LinkedPractitioners.of(SandboxEhrMain.defaultSeedDir(), KeycloakServer.CLINICIANS).get("dr.ada"),
                session.path("fhirUser").asText());
        assertEquals(PATIENT, session.path("patient").asText());
        assertEquals(ENCOUNTER, session.path("encounter").asText());
        assertEquals(fhirBase(), session.path("iss").asText());

        // the existing APIs accept the session as the linked Signet user
        assertEquals(200, browser.get(SIGNET + "/v1/queue").statusCode());
        // a change made with the cookie alone (a forged cross-site form) is refused; with the header it passes auth
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(SIGNET + "/v1/session"))
                .DELETE());
        assertEquals(401, forged.statusCode());
        HttpResponse<String> logout = browser.send(HttpRequest.newBuilder(URI.create(SIGNET + "/v1/session"))
                .header(SessionCookieAuthenticationMechanism.CSRF_HEADER, "1").DELETE());
        assertEquals(204, logout.statusCode(), logout.body());
        assertNull(browser.cookie("localhost", SmartLaunchResource.COOKIE), "the cookie is expired");
        assertEquals(401, browser.get(SIGNET + "/v1/queue").statusCode());
    }

    @Test
    void anUnlinkedEhrUserGetsAClearPageAndNoAccess() throws Exception {
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> refused = launchAs(browser, "dr.unlinked", launch(PATIENT, null));
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("not linked to a Signet user"), refused.body());
        assertNull(browser.cookie("localhost", SmartLaunchResource.COOKIE), "no session");
        // and an audit event says so, without the EHR user's name
        String event = TopicReader.await(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS,
                e -> e.contains("\"smart.launch\"") && e.contains("unlinked-user"), Duration.ofSeconds(20));
        assertTrue(event.contains("\"DENIED\""), event);
    }

    @Test
    void anUntrustedIssuerIsRefusedAndNeverRedirectedTo() throws Exception {
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> json = browser.get(SIGNET + "/launch?iss=https://evil.example/fhir&launch=x",
                "Accept", "application/json");
        assertEquals(400, json.statusCode());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(json.body());
        assertEquals("untrusted-iss", problem.path("reason").asText());
        assertTrue(json.headers().firstValue("Location").isEmpty(), "no redirect");

        HttpResponse<String> page = browser.get(SIGNET + "/launch?iss=https://evil.example/fhir&launch=x",
                "Accept", "text/html");
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("<h1>SMART launch refused</h1>"), page.body());
        assertEquals(400, browser.get(SIGNET + "/launch?iss=" + fhirBase()).statusCode(), "launch is required");
    }

    @Test
    void aWrongOrReplayedStateIsRefused() throws Exception {
        HttpBrowser browser = new HttpBrowser();
        assertEquals(400, browser.get(SIGNET + "/launch/callback?code=abc&state=never-issued").statusCode());
        assertEquals(400, browser.get(SIGNET + "/launch/callback?code=abc").statusCode());

        HttpResponse<String> toEhr = browser.get(SIGNET + "/launch?iss=" + fhirBase() + "&launch="
                + launch(PATIENT, null));
        HttpResponse<String> login = browser.get(HttpBrowser.location(toEhr));
        String callback = HttpBrowser.location(browser.logIn(login, "dr.ben", BackingServices.TEST_USER_PASSWORD));
        // the callback URL carried to another browser (login CSRF) signs nobody in there, nor spends the launch
        HttpResponse<String> elsewhere = new HttpBrowser().get(callback, "Accept", "application/json");
        assertEquals(400, elsewhere.statusCode(), elsewhere.body());
        assertTrue(elsewhere.body().contains("another browser"), elsewhere.body());
        assertEquals(303, browser.get(callback).statusCode());
        HttpResponse<String> replay = browser.get(callback, "Accept", "application/json");
        assertEquals(400, replay.statusCode(), "the same state and code a second time");
        assertEquals("bad-state", JSON.readTree(replay.body()).path("reason").asText());
    }

    @Test
    void aCodeTheEhrRefusesEndsTheLaunchWithNothingCreated() throws Exception {
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> toEhr = browser.get(SIGNET + "/launch?iss=" + fhirBase() + "&launch="
                + launch(PATIENT, null));
        HttpResponse<String> login = browser.get(HttpBrowser.location(toEhr));
        String callback = HttpBrowser.location(browser.logIn(login, "dr.ada", BackingServices.TEST_USER_PASSWORD));
        // the state is Signet's own, the code one the EHR never issued (as an expired or forged one would be)
        String forged = callback.replaceFirst("code=[^&]+", "code=not-a-code-the-ehr-issued");
        HttpResponse<String> refused = browser.get(forged, "Accept", "application/json");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("code-refused", JSON.readTree(refused.body()).path("reason").asText());
        assertNull(browser.cookie("localhost", SmartLaunchResource.COOKIE), "no session");
        assertEquals(400, browser.get(callback).statusCode(), "and the state is spent: the real code cannot follow");
    }
}
