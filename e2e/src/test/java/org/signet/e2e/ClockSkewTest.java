package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signet.e2e.NoteFlow.SETTLED;
import static org.signet.e2e.NoteFlow.documentsOf;
import static org.signet.e2e.NoteFlow.queued;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.services.app.SignetModule;
import org.signet.services.ehr.SmartLaunch;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.CanaryChart;
import org.signet.services.testing.ClockSkew;
import org.signet.services.testing.HttpBrowser;
import org.signet.services.testing.KeycloakAdmin;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.ReliabilityReport;

/**
 * Issue 23's clock skew: each service's wall clock two minutes off the true time that Keycloak, PostgreSQL and the
 * EHR keep, by turns ahead and behind, so that neighbours on the note's path disagree by up to four minutes. The
 * note's whole path still holds: an admin's fresh sign-in widens a purpose, a clinician launched from the EHR gets a
 * session, a draft is made and queued once, read re-identified, signed and filed once, and the audit chain verifies.
 *
 * <p>Realm {@code signet}'s access tokens live 100 s during the test: on a clock two minutes ahead such a token has
 * expired the moment Keycloak issues it, so every check of a token's times meets the skew (with the realm's own
 * 15 minutes only each token's last two minutes would, rarely caught by a test).
 */
class ClockSkewTest {

    private static final Duration SKEW = Duration.ofMinutes(2);
    private static final Map<SignetModule, Duration> CLOCKS = new EnumMap<>(Map.of(
            SignetModule.TOKENIZATION, SKEW, SignetModule.FHIR_ADAPTER, SKEW.negated(),
            SignetModule.SCRIBE, SKEW, SignetModule.SIGNOFF, SKEW.negated(), SignetModule.AUDIT, SKEW));
    private static final int TOKEN_SECONDS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");

    private static NoteFlow notes;
    private static int realmTokenSeconds;

    @BeforeAll
    static void everyServiceOnAClockTwoMinutesOff() throws Exception {
        if (ClockSkew.library().isEmpty()) {
            // .ci/run installs libfaketime and requires this test; elsewhere it says plainly that it did not run
            if ("1".equals(System.getenv("SIGNET_REQUIRE_FAKETIME"))) {
                throw new AssertionError("SIGNET_REQUIRE_FAKETIME=1 but libfaketime is not installed");
            }
            Assumptions.assumeTrue(false, "libfaketime is not installed (apt-get install libfaketime): the "
                    + "clock-skew test cannot run");
        }
        notes = new NoteFlow();
        Map<SignetModule, Map<String, String>> skewed = new EnumMap<>(SignetModule.class);
        CLOCKS.forEach((module, offset) -> skewed.put(module, ClockSkew.environment(offset)));
        BackingServices.restartSignetServices(skewed);
        for (var clock : CLOCKS.entrySet()) {
            Duration off = clockOf(clock.getKey());
            assertTrue(off.minus(clock.getValue()).abs().toSeconds() < 20,
                    clock.getKey().module() + "'s clock is off by " + off + ", not " + clock.getValue());
        }
        realmTokenSeconds = new KeycloakAdmin(BackingServices.keycloak())
                .accessTokenLifespan(KeycloakServer.SIGNET_REALM, TOKEN_SECONDS);
    }

    @AfterAll
    static void everyClockTrueAgain() {
        if (notes == null) {
            return;
        }
        if (realmTokenSeconds > 0) { // set only once every clock was skewed
            new KeycloakAdmin(BackingServices.keycloak()).accessTokenLifespan(KeycloakServer.SIGNET_REALM,
                    realmTokenSeconds);
        }
        BackingServices.restoreOnNextUse(CLOCKS.keySet());
    }

    @Test
    void theNotesPathHoldsWithClocksTwoMinutesApart() throws Exception {
        // step-up: fhir-adapter, two minutes behind, sees the admin's sign-in two minutes in its future
        String purpose = "skew-" + System.nanoTime() % 100000;
        HttpResponse<String> created = send("POST", "/v1/admin/purposes", KeycloakTokens.signedIn(KeycloakServer.ADMIN),
                Map.of("id", purpose, "displayName", "Skewed " + purpose, "purposeOfUse", "TREAT",
                        "changeNote", "clock-skew test", "definition", Map.of("noteTypes", List.of("11506-3"),
                                "modelProviders", List.of("extractive"), "resourceRules", List.of(
                                        Map.of("type", "Patient", "elements", List.of("name", "gender"),
                                                "maxCount", 1)))));
        assertEquals(201, created.statusCode(), "a purpose created with a fresh sign-in: " + created.body());

        CanaryChart chart = CanaryChart.load(false);
        String token = notes.clinicianToken();
        String draftId = notes.toReview(token, chart);
        assertEquals(1, queued(draftId), "queued once");
        JsonNode banner = notes.signet.readDraft(token, draftId).body().path("banner");
        assertTrue(banner.path("mrn").asText().startsWith("CMRN"), "read re-identified: " + banner);
        notes.signet.sign(token, notes.reviewed(token, draftId));
        notes.signet.awaitQueueState(token, draftId, Set.of("FILED"), SETTLED);
        Thread.sleep(2_000); // a second filing, if any, has had time to land
        int filed = documentsOf(chart.patient());

        HttpResponse<String> verified = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                BackingServices.peerUrl(SignetModule.AUDIT) + "/v1/audit/verify"))
                .header("Authorization", "Bearer " + KeycloakTokens.user(KeycloakServer.AUDITOR)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, verified.statusCode(), verified.body());
        assertTrue(JSON.readTree(verified.body()).path("intact").asBoolean(), verified.body());
        ReliabilityReport.fault("clock-skew-2-minutes", 1, filed);
        assertEquals(1, filed, "filed exactly once");
    }

    @Test
    void anEhrLaunchSignsTheClinicianInAtAFrontDoorTwoMinutesBehindOrAhead() throws Exception {
        launchSignsTheClinicianIn();
        BackingServices.restartSignetService(SignetModule.SIGNOFF, ClockSkew.environment(SKEW));
        try {
            launchSignsTheClinicianIn();
        } finally {
            BackingServices.restartSignetService(SignetModule.SIGNOFF,
                    ClockSkew.environment(CLOCKS.get(SignetModule.SIGNOFF)));
        }
    }

    /** The EHR's launch → signoff's /launch → realm ehr's login → signoff's callback → a session that works. */
    private static void launchSignsTheClinicianIn() throws Exception {
        String signoff = BackingServices.peerUrl(SignetModule.SIGNOFF);
        String ehr = BackingServices.sandboxEhr().fhirBaseUrl();
        CanaryChart chart = CanaryChart.load(false);
        String patient = chart.patient().substring("Patient/".length());
        String launch = new SmartLaunch(BackingServices.keycloak().launchSecret(), ehr)
                .mint(KeycloakServer.SMART_CLIENT, patient, chart.encounter().substring("Encounter/".length()));
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> toEhr = browser.get(signoff + "/launch?iss=" + ehr + "&launch=" + launch);
        assertEquals(303, toEhr.statusCode(), toEhr.body());
        HttpResponse<String> login = browser.get(HttpBrowser.location(toEhr));
        assertTrue(HttpBrowser.isLoginForm(login), login.body());
        String callback = HttpBrowser.location(browser.logIn(login, NoteFlow.CLINICIAN,
                BackingServices.TEST_USER_PASSWORD));
        HttpResponse<String> signedIn = browser.get(callback);
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        JsonNode session = JSON.readTree(browser.get(signoff + "/v1/session").body());
        assertEquals(NoteFlow.CLINICIAN, session.path("user").asText(), session.toString());
        assertEquals(patient, session.path("patient").asText());
        HttpResponse<String> queue = browser.get(signoff + "/v1/queue");
        assertEquals(200, queue.statusCode(), queue.body());
    }

    /**
     * How far {@code module}'s clock is from the host's: the time of its log's last line against the time the file
     * was last written (the kernel's, which libfaketime does not touch), so it holds however long ago that was.
     */
    private static Duration clockOf(SignetModule module) throws IOException {
        Path log = BackingServices.signetService(module).logFile();
        List<String> lines = Files.readAllLines(log);
        LocalTime now = LocalTime.ofInstant(Files.getLastModifiedTime(log).toInstant(), ZoneId.systemDefault());
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher time = LOG_TIME.matcher(lines.get(i));
            if (time.find()) {
                long seconds = Duration.between(now, LocalTime.parse(time.group(1),
                        DateTimeFormatter.ofPattern("HH:mm:ss.SSS"))).toSeconds();
                // across midnight the difference wraps
                return Duration.ofSeconds(Math.floorMod(seconds + 43_200, 86_400) - 43_200);
            }
        }
        throw new AssertionError(module.module() + " logged no line with a time");
    }

    private static HttpResponse<String> send(String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                BackingServices.peerUrl(SignetModule.SIGNOFF) + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
