package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.signet.services.app.LocalModelProviders;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SignetClient;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SmartBackendServicesClient;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.Browser;
import org.signet.services.testing.CanaryChart;
import org.signet.services.testing.ReliabilityReport;

/**
 * The note's path through the faults of issue 23 that strike what every service stands on: the Kafka broker and
 * PostgreSQL restarted mid-flow, Keycloak down, and a model server that hangs or answers garbage. Each ends in a
 * true state for the clinician: no draft lost or queued twice, every signed note filed exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CLINICIAN = "dr.ada";
    private static final Duration SETTLED = Duration.ofMinutes(3);
    private static final Set<String> ENDED = Set.of("READY", "REFUSED_CONSENT", "REFUSED_PROVIDER", "REFUSED_GUARD",
            "FAILED_OUTPUT_CHECK", "FAILED_MODEL", "FAILED");
    private static final String TRANSCRIPT = """
            Doctor: Good morning, what brings you in?
            Patient: I have had headaches for two weeks and my blood pressure was high at home.
            Doctor: On exam the lungs are clear and the heart sounds normal.
            Doctor: We will start lisinopril 10 mg daily and follow up in two weeks.
            """;

    private static SignetClient signet;

    @BeforeAll
    static void startTheSystem() {
        for (SignetModule module : SignetModule.values()) {
            BackingServices.signetService(module);
        }
        signet = new SignetClient(BackingServices.peerUrl(SignetModule.SIGNOFF),
                BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM));
    }

    @AfterAll
    static void theModelServerIsTheRealOneAgain() throws Exception {
        var server = BackingServices.localModelServer();
        LocalModelProviders.register(BackingServices.peerUrl(SignetModule.SCRIBE), adminToken(),
                BackingServices.testModel(), server.baseUrl(), server.modelName());
    }

    @Test
    @Order(1)
    void kafkaRestartedWhileADraftIsMadeQueuesItOnce() throws Exception {
        CanaryChart chart = CanaryChart.load(false);
        String token = clinicianToken();
        BackingServices.kafka().stop();
        // every step that audits or publishes now waits on the broker
        CompletableFuture<String> requested = CompletableFuture.supplyAsync(() -> request(token, chart));
        Thread.sleep(3_000);
        BackingServices.kafka().startAgain();
        String job = requested.get();

        assertEquals("READY", awaitEnded(job), "the draft made while the broker restarted: " + reason(job));
        signet.awaitQueueState(token, job, Set.of("PENDING_REVIEW"), SETTLED);
        int queued = count("select count(*) from signoff.queue_item where draft_id = ?", job);
        ReliabilityReport.fault("kafka-restart-draft-to-queue", 1, queued);
        assertEquals(1, queued, "queued once");
    }

    @Test
    @Order(2)
    void kafkaRestartedBetweenSignAndFileFilesOnce() throws Exception {
        CanaryChart chart = CanaryChart.load(false);
        String token = clinicianToken();
        String draftId = toReview(token, chart);
        SignetClient.Draft reviewed = reviewed(token, draftId);

        BackingServices.kafka().stop();
        CompletableFuture<JsonNode> signed = CompletableFuture.supplyAsync(() -> {
            try {
                return signet.sign(token, reviewed);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3_000);
        BackingServices.kafka().startAgain();
        signed.get();

        signet.awaitQueueState(token, draftId, Set.of("FILED"), SETTLED);
        Thread.sleep(2_000); // a second filing, if any, has had time to land
        int filed = documentsOf(chart.patient());
        ReliabilityReport.fault("kafka-restart-sign-to-file", 1, filed);
        assertEquals(1, filed, "filed exactly once after the broker restarted");
    }

    @Test
    @Order(3)
    void postgresRestartedUnderLoadLosesNoDraftAndFilesEachSignedNoteOnce() throws Exception {
        String token = clinicianToken();
        // notes ready to sign before the load, each its own patient so its filing can be counted
        List<CanaryChart> toSign = new ArrayList<>();
        List<SignetClient.Draft> reviewed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CanaryChart chart = CanaryChart.load(false);
            toSign.add(chart);
            reviewed.add(reviewed(token, toReview(token, chart)));
        }
        CanaryChart busy = CanaryChart.load(false);
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<String>> requests = new ArrayList<>();
        List<Future<?>> signatures = new ArrayList<>();
        int expected = 0;
        int found = 0;
        try {
            for (int i = 0; i < 8; i++) {
                requests.add(load.submit(() -> requestUntilAccepted(token, busy)));
                if (i == 2) {
                    BackingServices.postgres().stop();
                }
                if (i < reviewed.size()) {
                    SignetClient.Draft draft = reviewed.get(i);
                    signatures.add(load.submit(() -> signUntilAnswered(token, draft)));
                }
                if (i == 4) {
                    Thread.sleep(2_000);
                    BackingServices.postgres().startAgain();
                }
                Thread.sleep(400);
            }
            for (Future<?> signature : signatures) {
                signature.get();
            }
            Map<String, String> ended = new LinkedHashMap<>();
            for (Future<String> request : requests) {
                String job = request.get();
                ended.put(job, awaitEnded(job));
            }
            for (var job : ended.entrySet()) {
                if ("READY".equals(job.getValue())) {
                    expected++;
                    signet.awaitQueueState(token, job.getKey(), Set.of("PENDING_REVIEW"), SETTLED);
                    int queued = count("select count(*) from signoff.queue_item where draft_id = ?", job.getKey());
                    found += queued;
                    assertEquals(1, queued, "queued once");
                } else {
                    assertEquals("FAILED", job.getValue(), "a draft the outage stopped ends FAILED");
                    assertFalse(reason(job.getKey()).isBlank(), "with its reason");
                }
            }
            assertTrue(ended.containsValue("READY"), "drafting resumed after the restart: " + ended);
        } finally {
            load.shutdownNow();
        }
        for (int i = 0; i < toSign.size(); i++) {
            String draftId = reviewed.get(i).body().path("draftId").asText();
            signet.awaitQueueState(token, draftId, Set.of("FILED"), SETTLED);
        }
        Thread.sleep(2_000);
        List<Integer> filed = new ArrayList<>();
        for (CanaryChart chart : toSign) {
            filed.add(documentsOf(chart.patient()));
        }
        ReliabilityReport.fault("postgres-restart-under-load", expected + toSign.size(),
                found + filed.stream().mapToInt(Integer::intValue).sum());
        assertEquals(java.util.Collections.nCopies(toSign.size(), 1), filed, "each signed note filed exactly once");
    }

    @Test
    @Order(4)
    void aHangingModelServerEndsEachJobWithAReasonAndLeaksNothing() throws Exception {
        modelJobsEndWithAReasonAndLeakNothing(MisbehavingModelServer.Mode.HANG, "the model did not answer within");
        ReliabilityReport.fault("model-server-hangs", 0, 0);
    }

    @Test
    @Order(5)
    void aModelServerAnsweringGarbageEndsEachJobWithAReasonAndLeaksNothing() throws Exception {
        modelJobsEndWithAReasonAndLeakNothing(MisbehavingModelServer.Mode.GARBAGE, "the model call failed");
        ReliabilityReport.fault("model-server-answers-garbage", 0, 0);
    }

    @Test
    @Order(6)
    void keycloakDownSessionsContinueAndNewSignInsAreToldWhy() throws Exception {
        CanaryChart chart = CanaryChart.load(false);
        String token = clinicianToken();
        String draftId = toReview(token, chart);
        assertTrue(uiConfig().path("signInAvailable").asBoolean());

        BackingServices.keycloak().stop();
        try {
            // tokens are verified against keys the services already hold, and peers call with tokens they hold
            JsonNode banner = signet.readDraft(token, draftId).body().path("banner");
            assertTrue(banner.path("mrn").asText().startsWith("CMRN"),
                    "a session that was open still reads its draft, re-identified: " + banner);
            assertEquals("PENDING_REVIEW", signet.queueEntry(token, draftId).path("state").asText());
            IOException refused = null;
            try {
                clinicianToken();
            } catch (IOException e) {
                refused = e;
            }
            assertTrue(refused != null, "no new sign-in while Keycloak is down");
            // the web UI asks before it sends anyone to Keycloak: it says why instead of a browser error
            Instant deadline = Instant.now().plusSeconds(15);
            while (uiConfig().path("signInAvailable").asBoolean() && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
            assertFalse(uiConfig().path("signInAvailable").asBoolean(), "the UI is told sign-in is unavailable");
            pagesSayWhySignInIsUnavailable();
        } finally {
            BackingServices.keycloak().startAgain();
        }
        Instant deadline = Instant.now().plusSeconds(15);
        while (!uiConfig().path("signInAvailable").asBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertTrue(uiConfig().path("signInAvailable").asBoolean(), "sign-in resumes");
        String after = clinicianToken();
        signet.sign(after, reviewed(after, draftId));
        signet.awaitQueueState(after, draftId, Set.of("FILED"), SETTLED);
        int filed = documentsOf(chart.patient());
        ReliabilityReport.fault("keycloak-down", 1, filed);
        assertEquals(1, filed, "filed once");
    }

    /**
     * The clinician's page and the admin console, in Chromium, say why no one can sign in rather than send the browser
     * to a Keycloak that cannot load. Where Chromium is not installed (and not required) only the API above is checked.
     */
    private static void pagesSayWhySignInIsUnavailable() throws Exception {
        boolean installed = new java.io.File(Browser.CHROMIUM).canExecute()
                && new java.io.File(Browser.CHROMEDRIVER).canExecute();
        if (!installed && !"1".equals(System.getenv("SIGNET_REQUIRE_BROWSER"))) {
            return;
        }
        try (Browser browser = Browser.open()) {
            for (String page : List.of("/", "/admin/")) {
                browser.driver.get(BackingServices.peerUrl(SignetModule.SIGNOFF) + page);
                browser.waitForText(By.id("status"), "Sign-in is unavailable");
                assertTrue(browser.driver.getCurrentUrl().startsWith(BackingServices.peerUrl(SignetModule.SIGNOFF)),
                        "the browser stayed on Signet: " + browser.driver.getCurrentUrl());
            }
        }
    }

    // --- the model server gone wrong ---

    private static final int MODEL_JOBS = 50;

    /** {@code MODEL_JOBS} drafts against the faulty server: each ends FAILED_MODEL with a reason; nothing held. */
    private void modelJobsEndWithAReasonAndLeakNothing(MisbehavingModelServer.Mode mode, String reason)
            throws Exception {
        long scribe = BackingServices.signetService(SignetModule.SCRIBE).pid();
        try (MisbehavingModelServer model = new MisbehavingModelServer()) {
            model.mode(mode);
            LocalModelProviders.registerOpenAiCompatible(BackingServices.peerUrl(SignetModule.SCRIBE), adminToken(),
                    "local-openai", model.baseUrl(), "broken");
            CanaryChart chart = CanaryChart.load(false);
            String token = clinicianToken();
            // one job first, so the baseline counts the threads and connections a model call needs at all
            assertEquals("FAILED_MODEL", awaitEnded(request(token, chart, "local-openai")));
            int threadsBefore = threads(scribe);

            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < MODEL_JOBS; i++) {
                jobs.add(request(token, chart, "local-openai"));
            }
            for (String job : jobs) {
                assertEquals("FAILED_MODEL", awaitEnded(job));
                assertTrue(reason(job).startsWith(reason), reason(job));
            }
            assertTrue(model.accepted() >= MODEL_JOBS, "every job called the model: " + model.accepted());
            // a failing model is still only ever sent tokens: the chart's identifiers stayed behind the boundary
            String sent = model.received();
            assertTrue(sent.contains("[[PATIENT_NAME_"), "the prompts carry the chart, pseudonymized");
            assertEquals(List.of(), chart.canaries().stream().filter(sent::contains).toList(),
                    "identifiers that reached the model server");
            Instant deadline = Instant.now().plusSeconds(30);
            while (model.open() > 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertEquals(0, model.open(), "connections scribe-service left open at the model server");
            // nor on scribe's side (a connection the server closed but the client never did stays CLOSE_WAIT)
            deadline = Instant.now().plusSeconds(30);
            while (!connectionsTo(model.port()).isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertEquals(List.of(), connectionsTo(model.port()), "sockets still open to the model server");
            // the jobs' worker threads go back to the pool, which lets idle ones go after its keep-alive (30 s): a
            // thread still stuck on a call would never go
            deadline = Instant.now().plusSeconds(90);
            while (threads(scribe) > threadsBefore + 10 && Instant.now().isBefore(deadline)) {
                Thread.sleep(1_000);
            }
            assertTrue(threads(scribe) <= threadsBefore + 10, "threads " + threadsBefore + " → " + threads(scribe));
        }
    }

    private static int threads(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("Threads:")).mapToInt(line -> Integer.parseInt(
                        line.substring("Threads:".length()).trim())).findFirst().orElseThrow();
    }

    /**
     * This host's TCP connections to {@code port} that still hold a socket (every state but TIME_WAIT, which has
     * none, and LISTEN), from /proc/net/tcp and tcp6: only scribe-service connects to the faulty model server.
     */
    private static List<String> connectionsTo(int port) throws IOException {
        List<String> open = new ArrayList<>();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] fields = line.trim().split("\\s+");
                String remote = fields[2];
                String state = fields[3];
                if (remote.endsWith(hexPort) && !state.equals("06") && !state.equals("0A")) {
                    open.add(fields[1] + "->" + remote + " state " + state);
                }
            }
        }
        return open;
    }

    // --- helpers ---

    private static String request(String token, CanaryChart chart) {
        return request(token, chart, "extractive");
    }

    private static String request(String token, CanaryChart chart, String provider) {
        try {
            return signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                    provider, TRANSCRIPT);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clinician asking again after an error answer, as one would: the job id of the request that was taken. */
    private static String requestUntilAccepted(String token, CanaryChart chart) throws Exception {
        Instant deadline = Instant.now().plus(SETTLED);
        while (true) {
            try {
                return signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                        "extractive", TRANSCRIPT);
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** Signs, again after an error answer; done once the queue says it is signed (or further along). */
    private static Void signUntilAnswered(String token, SignetClient.Draft draft) throws Exception {
        String draftId = draft.body().path("draftId").asText();
        Instant deadline = Instant.now().plus(SETTLED);
        while (true) {
            try {
                signet.sign(token, draft);
                return null;
            } catch (IOException e) {
                JsonNode entry = queueEntryOrNull(token, draftId);
                if (entry != null && Set.of("SIGNED", "FILED", "FILING_FAILED").contains(entry.path("state").asText())) {
                    return null; // the signature took; only its answer was lost
                }
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static JsonNode queueEntryOrNull(String token, String draftId) {
        try {
            return signet.queueEntry(token, draftId);
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static String toReview(String token, CanaryChart chart) throws Exception {
        String job = request(token, chart);
        assertEquals("READY", awaitEnded(job), reason(job));
        signet.awaitQueueState(token, job, Set.of("PENDING_REVIEW"), SETTLED);
        return job;
    }

    private static SignetClient.Draft reviewed(String token, String draftId) throws Exception {
        return signet.answerOmissions(token, signet.readDraft(token, draftId), "not-relevant", new ArrayList<>());
    }

    /** The job's state once it ended, read where scribe-service keeps it (the database may be restarting). */
    private static String awaitEnded(String job) throws Exception {
        Instant deadline = Instant.now().plus(SETTLED);
        String state = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                state = column(job, "state");
                if (ENDED.contains(state)) {
                    return state;
                }
            } catch (SQLException databaseRestarting) {
                // read again
            }
            Thread.sleep(250);
        }
        throw new AssertionError("draft job " + job + " still " + state + " after " + SETTLED.toSeconds() + " s");
    }

    private static String reason(String job) throws Exception {
        String reason = column(job, "reason");
        return reason == null ? "" : reason;
    }

    private static String column(String job, String column) throws SQLException {
        try (Connection db = db(); PreparedStatement select = db.prepareStatement(
                "select " + column + " from scribe.draft_job where id = ?")) {
            select.setObject(1, java.util.UUID.fromString(job));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static int count(String sql, String draftId) throws SQLException {
        try (Connection db = db(); PreparedStatement select = db.prepareStatement(sql)) {
            select.setObject(1, java.util.UUID.fromString(draftId));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    private static JsonNode uiConfig() throws Exception {
        HttpResponse<String> config = HTTP.send(HttpRequest.newBuilder(URI.create(
                BackingServices.peerUrl(SignetModule.SIGNOFF) + "/ui/config")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, config.statusCode(), config.body());
        return JSON.readTree(config.body());
    }

    private static String clinicianToken() throws IOException, InterruptedException {
        return signet.userToken(CLINICIAN, BackingServices.TEST_USER_PASSWORD);
    }

    private static String adminToken() throws IOException, InterruptedException {
        return signet.userToken(KeycloakServer.ADMIN, BackingServices.TEST_USER_PASSWORD);
    }

    private static int documentsOf(String patient) throws Exception {
        String token = new SmartBackendServicesClient(BackingServices.sandboxEhr().fhirBaseUrl(), EhrClientKey.CLIENT_ID,
                BackingServices.ehrClientKey().privateKey()).accessToken("system/DocumentReference.rs");
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(BackingServices.sandboxEhr()
                .fhirBaseUrl() + "/DocumentReference?patient=" + patient)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, found.statusCode(), found.body());
        return JSON.readTree(found.body()).path("entry").size();
    }
}
