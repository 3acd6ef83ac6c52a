package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signet.e2e.NoteFlow.SETTLED;
import static org.signet.e2e.NoteFlow.awaitEnded;
import static org.signet.e2e.NoteFlow.documentsOf;
import static org.signet.e2e.NoteFlow.queued;
import static org.signet.e2e.NoteFlow.reason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static NoteFlow notes;
    private static SignetClient signet;

    @BeforeAll
    static void startTheSystem() {
        for (SignetModule module : SignetModule.values()) {
            BackingServices.signetService(module);
        }
        notes = new NoteFlow();
        signet = notes.signet;
    }

    @AfterAll
    static void theModelServerIsTheRealOneAgain() throws Exception {
        var server = BackingServices.localModelServer();
        LocalModelProviders.register(BackingServices.peerUrl(SignetModule.SCRIBE), notes.adminToken(),
                BackingServices.testModel(), server.baseUrl(), server.modelName());
    }

    @Test
    @Order(1)
    void kafkaRestartedWhileADraftIsMadeQueuesItOnce() throws Exception {
        CanaryChart chart = CanaryChart.load(false);
        String token = notes.clinicianToken();
        BackingServices.kafka().stop();
        // every step that audits or publishes now waits on the broker
        CompletableFuture<String> requested = CompletableFuture.supplyAsync(() -> notes.request(token, chart));
        Thread.sleep(3_000);
        BackingServices.kafka().startAgain();
        String job = requested.get();

        assertEquals("READY", awaitEnded(job), "the draft made while the broker restarted: " + reason(job));
        signet.awaitQueueState(token, job, Set.of("PENDING_REVIEW"), SETTLED);
        int queued = queued(job);
        ReliabilityReport.fault("kafka-restart-draft-to-queue", 1, queued);
        assertEquals(1, queued, "queued once");
    }

    @Test
    @Order(2)
    void kafkaRestartedBetweenSignAndFileFilesOnce() throws Exception {
        CanaryChart chart = CanaryChart.load(false);
        String token = notes.clinicianToken();
        String draftId = notes.toReview(token, chart);
        SignetClient.Draft reviewed = notes.reviewed(token, draftId);

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
        String token = notes.clinicianToken();
        // notes ready to sign before the load, each its own patient so its filing can be counted
        List<CanaryChart> toSign = new ArrayList<>();
        List<SignetClient.Draft> reviewed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CanaryChart chart = CanaryChart.load(false);
            toSign.add(chart);
            reviewed.add(notes.reviewed(token, notes.toReview(token, chart)));
        }
        CanaryChart busy = CanaryChart.load(false);
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<String>> requests = new ArrayList<>();
        List<Future<?>> signatures = new ArrayList<>();
        int expected = 0;
        int found = 0;
        try {
            for (int i = 0; i < 8; i++) {
                requests.add(load.submit(() -> notes.requestUntilAccepted(token, busy)));
                if (i == 2) {
                    BackingServices.postgres().stop();
                }
                if (i < reviewed.size()) {
                    SignetClient.Draft draft = reviewed.get(i);
                    signatures.add(load.submit(() -> notes.signUntilAnswered(token, draft)));
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
                    int queued = queued(job.getKey());
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
        String token = notes.clinicianToken();
        String draftId = notes.toReview(token, chart);
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
                notes.clinicianToken();
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
        String after = notes.clinicianToken();
        signet.sign(after, notes.reviewed(after, draftId));
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

    /** Issue 23: no thread or connection leaks after 100 such jobs. */
    private static final int MODEL_JOBS = 100;

    /** {@code MODEL_JOBS} drafts against the faulty server: each ends FAILED_MODEL with a reason; nothing held. */
    private void modelJobsEndWithAReasonAndLeakNothing(MisbehavingModelServer.Mode mode, String reason)
            throws Exception {
        long scribe = BackingServices.signetService(SignetModule.SCRIBE).pid();
        try (MisbehavingModelServer model = new MisbehavingModelServer()) {
            model.mode(mode);
            LocalModelProviders.registerOpenAiCompatible(BackingServices.peerUrl(SignetModule.SCRIBE), notes.adminToken(),
                    "local-openai", model.baseUrl(), "broken");
            CanaryChart chart = CanaryChart.load(false);
            String token = notes.clinicianToken();
            // one job first, so the baseline counts the threads and connections a model call needs at all
            assertEquals("FAILED_MODEL", awaitEnded(notes.request(token, chart, "local-openai")));
            int threadsBefore = threads(scribe);

            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < MODEL_JOBS; i++) {
                jobs.add(notes.request(token, chart, "local-openai"));
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

    private static JsonNode uiConfig() throws Exception {
        HttpResponse<String> config = HTTP.send(HttpRequest.newBuilder(URI.create(
                BackingServices.peerUrl(SignetModule.SIGNOFF) + "/ui/config")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, config.statusCode(), config.body());
        return JSON.readTree(config.body());
    }
}
