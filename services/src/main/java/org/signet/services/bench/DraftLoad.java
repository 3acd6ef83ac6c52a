package org.signet.services.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.signet.services.LocalStack;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SandboxEhrReader;
import org.signet.services.client.SignetClient;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.process.JvmLogging;
import org.signet.services.process.RunDirectory;

/**
 * A load driver for draft jobs against a running local stack ({@code bin/signet up}): requests drafts for a
 * Synthea patient as {@code dr.ada}, waits for each to finish, and prints one {@code name=value unit} line per
 * figure, per provider: the pipeline's overhead excluding the model (p50/p95, one draft at a time), drafts per
 * second at the given concurrency, and the overhead's p95 under that load.
 *
 * <p>Arguments: {@code [drafts per provider, default 100] [concurrency, default 4] [providers, default
 * extractive,local-gguf]}. Bounded in count and time; talks only to loopback.
 */
public final class DraftLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SCRIBE = LocalStack.SCRIBE_URL;
    private static final String TRANSCRIPT = """
            Doctor: What brings you in today?
            Patient: I have had a dry cough for five days and a mild fever.
            Doctor: On exam the lungs are clear and the temperature is 37.9.
            Doctor: This is likely a viral upper respiratory infection.
            Doctor: We will treat with rest and fluids and follow up in one week if not better.
            """;

    /**
     * How long the first provider drafts before anything is measured. The JIT of five JVMs sharing two cores needs
     * thousands of jobs to reach its steady state (measured: p50 46 ms after 1,300 extractive drafts, 35 ms after
     * 4,000, 30 ms after 6,000), and a service that runs for days is measured in that state.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("SIGNET_BENCH_WARMUP_SECONDS", "300")));
    /** The providers after the first share its warmed pipeline; only their own model path is new. */
    private static final Duration NEXT_WARM_UP = WARM_UP.compareTo(Duration.ofSeconds(30)) < 0 ? WARM_UP
            : Duration.ofSeconds(30);

    /**
     * The pause before each draft of the after-idle pass: a draft that arrives at a quiet stack, as a single
     * clinician's does, finds every service's threads asleep (about the gap a real model's call leaves them).
     */
    static final Duration IDLE_GAP = Duration.ofSeconds(1);

    private DraftLoad() {}

    public static void main(String[] args) throws Exception {
        JvmLogging.infoAndAbove();
        int drafts = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<String> providers = List.of((args.length > 2 ? args[2] : "extractive,local-gguf").split(","));
        String password = System.getenv().getOrDefault("SIGNET_DEV_PASSWORD", "signet-dev");

        // the local stack registered local-gguf and local-openai with scribe-service when it started
        SandboxEhrReader.Chart newest = new SandboxEhrReader(LocalStack.EHR_FHIR_URL, EhrClientKey.loadOrCreate(RunDirectory.keysDir()))
                .newestEncounter();
        String[] chart = {newest.patient(), newest.encounter()};
        Map<String, Integer> notReady = new TreeMap<>();
        for (int i = 0; i < providers.size(); i++) {
            run(providers.get(i), drafts, concurrency, chart, password, i == 0 ? WARM_UP : NEXT_WARM_UP, i == 0,
                    notReady);
        }
        idleGapPrice();
        if (!notReady.isEmpty()) {
            // Figures from a stack that fails drafts describe a broken stack: say so, and fail the run.
            throw new IllegalStateException("drafts that did not end READY (provider, pass: end state × count): "
                    + notReady + "; the figures above are not valid");
        }
    }

    /** About the time the tiny model's call keeps the rest of the stack idle (stories260K, one thread: ≈ 1.2 s). */
    static final Duration MODEL_CALL_GAP = Duration.ofMillis(1200);

    /**
     * The machine's price of an idle gap, to read the figures above by: the same trivial request (a service's
     * liveness check, which touches neither database nor broker) back to back and after {@link #MODEL_CALL_GAP}.
     * Every process a draft's steps reach after a model call pays about this price, whatever the step does.
     */
    private static void idleGapPrice() throws Exception {
        URI live = URI.create("http://localhost:" + SignetModule.TOKENIZATION.localPort() + "/q/health/live");
        for (int i = 0; i < 20; i++) {
            roundTrip(live);
        }
        List<Long> backToBack = new ArrayList<>();
        List<Long> afterGap = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            backToBack.add(roundTrip(live));
        }
        for (int i = 0; i < 20; i++) {
            Thread.sleep(MODEL_CALL_GAP.toMillis());
            afterGap.add(roundTrip(live));
        }
        Collections.sort(backToBack);
        Collections.sort(afterGap);
        System.out.printf("liveness_round_trip_p50_back_to_back=%.1f ms%n", percentile(backToBack, 50) / 1000.0);
        System.out.printf("liveness_round_trip_p50_after_idle=%.1f ms%n", percentile(afterGap, 50) / 1000.0);
    }

    /** One request's round trip in microseconds. */
    private static long roundTrip(URI uri) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return micros;
    }

    /**
     * The passes: a warm-up (the JIT and the pools reach their steady state), the latency pass (one draft at a
     * time, back to back: the overhead a clinician waits for, with nothing queued before it), for the first provider
     * the after-idle pass (one at a time, each after {@link #IDLE_GAP}; a real model's call is such a gap already,
     * so its latency pass is of this kind) and the throughput pass (drafts/s at the given concurrency, and the
     * overhead under that load, queueing included).
     */
    private static void run(String provider, int drafts, int concurrency, String[] chart, String password,
            Duration warmUp, boolean afterIdle, Map<String, Integer> notReady) throws Exception {
        String name = provider.replace('-', '_');
        Instant warm = Instant.now().plus(warmUp);
        int warmUpDrafts = 0;
        do {
            Pass warmUpPass = pass(clinicianToken(password), provider, chart, concurrency * 4, concurrency);
            warmUpDrafts += warmUpPass.ready();
            warmUpPass.countNotReady(provider + ", warm-up", notReady);
        } while (Instant.now().isBefore(warm));
        System.out.printf("warmup_drafts_%s=%d drafts in %d s%n", name, warmUpDrafts, warmUp.toSeconds());

        Pass latency = pass(clinicianToken(password), provider, chart, drafts, 1);
        latency.countNotReady(provider + ", back to back", notReady);
        System.out.printf("drafts_ready_%s=%d of %d%n", name, latency.ready(), drafts);
        if (!latency.overheads().isEmpty()) {
            System.out.printf("pipeline_overhead_p50_%s=%d ms%n", name, percentile(latency.overheads(), 50));
            System.out.printf("pipeline_overhead_p95_%s=%d ms%n", name, percentile(latency.overheads(), 95));
        }

        if (afterIdle) {
            Pass idle = pass(clinicianToken(password), provider, chart, drafts, 1, IDLE_GAP);
            idle.countNotReady(provider + ", after idle", notReady);
            if (!idle.overheads().isEmpty()) {
                System.out.printf("pipeline_overhead_after_idle_p50_%s=%d ms%n", name, percentile(idle.overheads(), 50));
                System.out.printf("pipeline_overhead_after_idle_p95_%s=%d ms%n", name, percentile(idle.overheads(), 95));
            }
        }

        Pass load = pass(clinicianToken(password), provider, chart, drafts, concurrency);
        load.countNotReady(provider + ", under load", notReady);
        System.out.printf("drafts_per_second_%s=%.2f drafts/s%n", name, load.ready() / load.seconds());
        if (!load.overheads().isEmpty()) {
            System.out.printf("pipeline_overhead_under_load_p95_%s=%d ms%n", name, percentile(load.overheads(), 95));
        }
    }

    /** A fresh token for each pass: a long warm-up outlives one (the signet realm's tokens live 15 min). */
    private static String clinicianToken(String password) throws Exception {
        return new SignetClient(LocalStack.SIGNOFF_URL, LocalStack.REALM_URL).userToken("dr.ada", password);
    }

    /**
     * Drafts that ended READY, their overheads (pipeline minus model, sorted), the pass's wall time, and how many
     * drafts ended in each other state.
     */
    private record Pass(int ready, List<Long> overheads, double seconds, Map<String, Integer> otherEnds) {

        void countNotReady(String pass, Map<String, Integer> notReady) {
            otherEnds.forEach((state, count) -> notReady.merge(pass + ": " + state, count, Integer::sum));
        }
    }

    private static Pass pass(String clinician, String provider, String[] chart, int drafts, int concurrency)
            throws Exception {
        return pass(clinician, provider, chart, drafts, concurrency, Duration.ZERO);
    }

    /** {@code pause}: how long each of the pool's threads waits before each of its drafts. */
    private static Pass pass(String clinician, String provider, String[] chart, int drafts, int concurrency,
            Duration pause) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            Instant start = Instant.now();
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < drafts; i++) {
                results.add(pool.submit(() -> {
                    Thread.sleep(pause.toMillis());
                    return draft(clinician, provider, chart);
                }));
            }
            int ready = 0;
            List<Long> overheads = new ArrayList<>();
            Map<String, Integer> otherEnds = new TreeMap<>();
            for (Future<JsonNode> result : results) {
                JsonNode done = result.get();
                String state = done.path("state").asText();
                if ("READY".equals(state)) {
                    ready++;
                    long pipeline = done.path("lineage").path("pipelineMs").asLong();
                    long model = done.path("lineage").path("modelLatencyMs").asLong();
                    overheads.add(pipeline - model);
                } else {
                    otherEnds.merge(state, 1, Integer::sum);
                }
            }
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            Collections.sort(overheads);
            return new Pass(ready, overheads, seconds, otherEnds);
        } finally {
            pool.shutdown();
        }
    }

    private static JsonNode draft(String token, String provider, String[] chart) throws Exception {
        String body = JSON.writeValueAsString(Map.of("patient", chart[0], "encounter", chart[1],
                "purpose", "progress-note", "noteType", "11506-3", "provider", provider, "transcript", TRANSCRIPT));
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(SCRIBE + "/v1/drafts"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() == 429) {
            throw new IllegalStateException("POST /v1/drafts answered 429: the running stack rate-limits draft "
                    + "requests per account; stop it and let bin/signet bench start its own (which lifts the limit), "
                    + "or start it with SIGNET_RATE_LIMITS_DRAFT_REQUESTS_PER_ACCOUNT and _PER_CLIENT raised");
        }
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("POST /v1/drafts answered " + accepted.statusCode());
        }
        String id = JSON.readTree(accepted.body()).path("id").asText();
        // Follow the job's progress stream (as the sign-off UI does) rather than polling its status: a 20 ms poll
        // loop costs the service more CPU than the pipeline itself and so would skew the figures it measures.
        HttpResponse<java.util.stream.Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(
                URI.create(SCRIBE + "/v1/drafts/" + id + "/events")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("GET /v1/drafts/" + id + "/events answered " + stream.statusCode());
        }
        try (java.util.stream.Stream<String> lines = stream.body()) {
            boolean ended = lines.filter(line -> line.startsWith("data:"))
                    .anyMatch(line -> readTree(line.substring(5)).path("terminal").asBoolean());
            if (!ended) {
                throw new IllegalStateException("the event stream of draft " + id + " ended before the job did");
            }
        }
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(SCRIBE + "/v1/drafts/" + id))
                .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the event stream sent malformed JSON", e);
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
