package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.signet.contracts.Topics;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SignetClient;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.CanaryChart;
import org.signet.services.testing.TopicReader;
import org.signet.services.testing.TraceCollector;
import org.signet.services.testing.TraceCollector.CollectedSpan;

/**
 * What a hospital's platform team watches (issue 24), on the five services as processes: one note is one trace from
 * the clinician's request to the note filed in the EHR, and the audit trail names that trace; every service serves
 * Prometheus metrics; tokenization-service logs JSON lines when its prod profile's default is kept; and none of
 * the spans, metrics or JSON log lines holds an identifier of the patient's chart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration FILING = Duration.ofSeconds(90);
    private static final int SERVER = 2;
    private static final int CLIENT = 3;
    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;

    private static SignetClient signet;
    private static CanaryChart chart;
    private static String traceId;
    private static String draftId;
    /** Where tokenization-service's log stood before it was restarted with JSON lines. */
    private static long tokenizationLogBefore;

    @BeforeAll
    static void startTheSystem() throws Exception {
        for (SignetModule module : SignetModule.values()) {
            BackingServices.signetService(module);
        }
        // the tests' services log plain text (BackingServices); this one keeps its prod profile's JSON lines
        tokenizationLogBefore = Files.size(BackingServices.run().logFile(SignetModule.TOKENIZATION.module()));
        BackingServices.restartSignetService(SignetModule.TOKENIZATION,
                Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"));
        signet = new SignetClient(BackingServices.peerUrl(SignetModule.SIGNOFF),
                BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM));
        chart = CanaryChart.load(false);
    }

    @AfterAll
    static void plainLogsAgain() {
        BackingServices.restoreOnNextUse(List.of(SignetModule.TOKENIZATION));
    }

    @Test
    @Order(1)
    void oneNoteIsOneTraceFromTheRequestToTheFiledNote() throws Exception {
        traceId = SignetClient.newTraceId();
        SignetClient traced = signet.traced(traceId);
        String token = traced.userToken(NoteFlow.CLINICIAN, BackingServices.TEST_USER_PASSWORD);
        draftId = traced.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                "extractive", NoteFlow.TRANSCRIPT.replace("what brings you in?", "what brings you in, "
                        + chart.canaries().get(0) + " " + chart.canaries().get(1) + "?"));
        JsonNode last = traced.followProgress(token, draftId, step -> { });
        assertEquals("READY", last.path("state").asText(), "" + last);
        traced.awaitQueueState(token, draftId, Set.of("PENDING_REVIEW"), Duration.ofSeconds(30));
        SignetClient.Draft draft = traced.answerOmissions(token, traced.readDraft(token, draftId), "not-relevant",
                new ArrayList<>());
        // signed as a browser would, hours later, in a trace of its own: the filing still joins the draft's trace
        signet.sign(token, draft);
        traced.awaitQueueState(token, draftId, Set.of("FILED"), FILING);

        // every hop of the note, in the one trace the draft's request began
        List<Hop> hops = List.of(
                new Hop("signoff-service", SERVER, name -> name.equals("POST /v1/drafts")),
                new Hop("scribe-service", SERVER, name -> name.equals("POST /v1/drafts")),
                new Hop("fhir-adapter", SERVER, name -> name.equals("POST /v1/context")),
                new Hop("fhir-adapter", CLIENT, name -> name.equals("EHR GET Consent")),
                new Hop("tokenization-service", SERVER, name -> name.endsWith("/chart-and-text")),
                new Hop("scribe-service", PRODUCER, name -> name.startsWith(Topics.DRAFTS_READY)),
                new Hop("signoff-service", CONSUMER, name -> name.startsWith(Topics.DRAFTS_READY)),
                new Hop("signoff-service", PRODUCER, name -> name.startsWith(Topics.NOTES_SIGNED)),
                new Hop("fhir-adapter", CONSUMER, name -> name.startsWith(Topics.NOTES_SIGNED)),
                new Hop("fhir-adapter", CLIENT, name -> name.endsWith("/reidentify")),
                new Hop("fhir-adapter", CLIENT, name -> name.equals("EHR POST")),
                new Hop("fhir-adapter", PRODUCER, name -> name.startsWith(Topics.NOTES_FILED)),
                new Hop("signoff-service", CONSUMER, name -> name.startsWith(Topics.NOTES_FILED)),
                new Hop("audit-service", CONSUMER, name -> name.startsWith(Topics.AUDIT_EVENTS)));
        List<CollectedSpan> trace = awaitTrace(hops);
        List<String> missing = hops.stream().filter(hop -> trace.stream().noneMatch(hop::matches))
                .map(Hop::toString).toList();
        assertEquals(List.of(), missing, "hops not in trace " + traceId + ":\n" + describe(trace));
        // in order: each hop's first span starts no earlier than the previous hop's
        long previous = 0;
        for (Hop hop : hops) {
            long start = trace.stream().filter(hop::matches).mapToLong(CollectedSpan::startNanos).min().orElseThrow();
            if (hop.kind() != CONSUMER || !hop.service().equals("audit-service")) {
                assertTrue(start >= previous, hop + " started before the hop ahead of it:\n" + describe(trace));
                previous = start;
            }
        }

        // the audit trail names the trace: an auditor joins the services' events of this note by it
        Set<String> services = new TreeSet<>();
        for (String record : TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS)) {
            JsonNode event = JSON.readTree(record);
            if (traceId.equals(event.path("traceId").asText())) {
                services.add(event.path("service").asText());
            }
        }
        assertTrue(services.containsAll(Set.of("signoff-service", "scribe-service", "fhir-adapter",
                "tokenization-service")), "services whose audit events name trace " + traceId + ": " + services);
    }

    @Test
    @Order(2)
    void everyServiceServesItsMetrics() throws Exception {
        Map<SignetModule, List<String>> expected = Map.of(
                SignetModule.SCRIBE, List.of("signet_drafts_total{", "state=\"READY\"", "signet_model_latency_seconds"),
                SignetModule.FHIR_ADAPTER, List.of("signet_filing_rounds_total{", "outcome=\"FILED\"",
                        "signet_filing_attempts_total"),
                SignetModule.SIGNOFF, List.of("signet_queue_items{", "state=\"FILED\""),
                SignetModule.TOKENIZATION, List.of("signet_detection_chars_total", "signet_detection_seconds",
                        "signet_vaults_open"),
                SignetModule.AUDIT, List.of("kafka_consumer_"));
        // a request refused before it reached an endpoint: the path it asked for is the caller's text, never a label
        String typed = "typed-" + java.util.UUID.randomUUID();
        for (SignetModule module : SignetModule.values()) {
            HttpResponse<String> refused = get(BackingServices.peerUrl(module) + "/v1/drafts/" + typed);
            assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, module + ": " + refused.statusCode());
        }
        for (SignetModule module : SignetModule.values()) {
            String metrics = awaitMetrics(module, expected.get(module));
            assertTrue(metrics.contains("jvm_memory_used_bytes"), module + " serves the JVM's metrics");
            assertFalse(metrics.contains(typed), module + " labels a refused request with the path it asked for");
        }
    }

    @Test
    @Order(3)
    void noIdentifierInSpansMetricsOrJsonLogs() throws Exception {
        List<String> leaks = new ArrayList<>();
        TraceCollector collector = BackingServices.traceCollector();
        assertFalse(collector.spans().isEmpty(), "the services exported spans");
        // a query carries what callers look things up by (an MRN to fhir-adapter's consent lookup): every service's
        // span of such a request names the parameter, never its value
        String mrn = "MRN-" + java.util.UUID.randomUUID();
        String lookups = SignetClient.newTraceId();
        for (SignetModule module : SignetModule.values()) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(BackingServices.peerUrl(module)
                            + "/v1/consent/patient?identifier=" + mrn + "&purpose=drafting"))
                    .header("traceparent", "00-" + lookups + "-00f067aa0ba902b7-01").timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, module + ": " + answer.statusCode());
        }
        List<CollectedSpan> served = awaitServerSpans(lookups, SignetModule.values().length);
        assertEquals(SignetModule.values().length, served.size(), "each service's span of the lookup: " + served);
        for (String payload : collector.rawPayloads()) {
            if (payload.contains(mrn)) {
                leaks.add("a query's value in exported spans");
            }
        }
        for (String payload : collector.rawPayloads()) {
            scan("exported spans", payload, leaks);
        }
        for (SignetModule module : SignetModule.values()) {
            scan("/q/metrics of " + module.module(), get(BackingServices.peerUrl(module) + "/q/metrics").body(),
                    leaks);
        }
        // the restarted tokenization-service wrote JSON lines (one object each) from its start on
        String log = Files.readString(BackingServices.run().logFile(SignetModule.TOKENIZATION.module()));
        List<String> lines = log.substring((int) Math.min(log.length(), tokenizationLogBefore)).lines()
                .filter(line -> line.startsWith("{")).toList();
        assertTrue(lines.size() > 5, "JSON log lines: " + lines.size());
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertTrue(record.hasNonNull("message") && record.hasNonNull("level") && record.hasNonNull("timestamp"),
                    "a JSON log record: " + line);
        }
        scan("tokenization-service's JSON log", String.join("\n", lines), leaks);
        assertEquals(List.of(), leaks);
    }

    // --- helpers ---

    /** A span the trace must hold: by service, OTLP span kind and name. */
    private record Hop(String service, int kind, Predicate<String> name) {
        boolean matches(CollectedSpan span) {
            return service.equals(span.service()) && span.kind() == kind && span.name() != null
                    && name.test(span.name());
        }

        @Override
        public String toString() {
            return service + " " + (kind == SERVER ? "server" : kind == CLIENT ? "client" : kind == PRODUCER
                    ? "producer" : "consumer");
        }
    }

    /** The trace's spans once every hop arrived (batches are exported every 200 ms), or after 30 s. */
    private static List<CollectedSpan> awaitTrace(List<Hop> hops) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<CollectedSpan> trace = BackingServices.traceCollector().spans().stream()
                    .filter(span -> traceId.equals(span.traceId())).toList();
            if (hops.stream().allMatch(hop -> trace.stream().anyMatch(hop::matches))
                    || System.nanoTime() > deadline) {
                return trace;
            }
            Thread.sleep(200);
        }
    }

    /** The server spans of {@code trace}, once {@code count} services exported theirs, or after 30 s. */
    private static List<CollectedSpan> awaitServerSpans(String trace, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<CollectedSpan> served = BackingServices.traceCollector().spans().stream()
                    .filter(span -> trace.equals(span.traceId()) && span.kind() == SERVER).toList();
            if (served.stream().map(CollectedSpan::service).distinct().count() >= count
                    || System.nanoTime() > deadline) {
                return served;
            }
            Thread.sleep(200);
        }
    }

    private static String describe(List<CollectedSpan> trace) {
        return trace.stream().sorted(java.util.Comparator.comparingLong(CollectedSpan::startNanos))
                .map(span -> "  " + span.service() + " kind=" + span.kind() + " " + span.name())
                .collect(Collectors.joining("\n"));
    }

    /** The module's metrics once each expected piece is there (gauges are refreshed on a schedule). */
    private static String awaitMetrics(SignetModule module, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            HttpResponse<String> response = get(BackingServices.peerUrl(module) + "/q/metrics");
            assertEquals(200, response.statusCode(), module + " /q/metrics");
            String body = response.body();
            List<String> missing = expected.stream().filter(piece -> !body.contains(piece)).toList();
            if (missing.isEmpty()) {
                return body;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(module + " /q/metrics lacks " + missing);
            }
            Thread.sleep(500);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void scan(String where, String content, List<String> leaks) {
        for (String canary : chart.canaries()) {
            if (content.contains(canary)) {
                leaks.add(canary + " in " + where);
            }
        }
    }
}
