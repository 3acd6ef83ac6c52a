package org.signet.services.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.signet.services.LocalStack;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SandboxEhrReader;
import org.signet.services.client.SignetClient;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.process.JvmLogging;
import org.signet.services.process.RunDirectory;

/**
 * {@code bin/signet bench}: the baseline figures of the running local stack, one {@code name=value unit} line each —
 * each service's start time and idle resident memory, sign → filed latency (p50/p95, from the server's own signedAt
 * and filedAt), then the draft pipeline's figures ({@link DraftLoad}).
 *
 * <p>Arguments: {@code [drafts per provider] [concurrency] [providers]} as {@link DraftLoad} takes them; the sign →
 * filed run files three notes to warm the path, then measures {@code min(drafts, 20)} filed one after another.
 */
public final class StackFigures {

    private StackFigures() {}

    public static void main(String[] args) throws Exception {
        JvmLogging.infoAndAbove();
        Properties stack = runningStack();
        // idle first: before any load has grown a heap
        for (SignetModule module : SignetModule.values()) {
            String name = module.module().replace('-', '_');
            System.out.printf("start_time_%s=%s ms%n", name, stack.getProperty(module.module() + ".ready_ms"));
            long pid = Long.parseLong(stack.getProperty(module.module() + ".pid"));
            System.out.printf("idle_rss_%s=%d MB%n", name, residentMegabytes(pid));
        }
        int notes = Math.min(args.length > 0 ? Integer.parseInt(args[0]) : 100, 20);
        signToFiled(notes);
        AuditFigures.run(50_000);
        DraftLoad.main(args);
    }

    /**
     * Notes filed before the measured ones: on JVMs a minute old the first two each take 1–2 s (classes, the EHR
     * write token, the JIT), and one of them would decide a p95 of 20.
     */
    private static final int WARM_UP_NOTES = 3;

    private static void signToFiled(int notes) throws Exception {
        SignetClient signet = new SignetClient(LocalStack.SIGNOFF_URL, LocalStack.REALM_URL);
        SandboxEhrReader.Chart chart = new SandboxEhrReader(LocalStack.EHR_FHIR_URL,
                EhrClientKey.loadOrCreate(RunDirectory.keysDir())).newestEncounter();
        String token = signet.userToken("dr.ada", System.getenv().getOrDefault("SIGNET_DEV_PASSWORD", "signet-dev"));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < notes + WARM_UP_NOTES; i++) {
            String id = signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                    "extractive", "Doctor: Follow-up visit. Patient: feeling better, no new complaints.");
            signet.followProgress(token, id, step -> { });
            signet.awaitQueueState(token, id, Set.of("PENDING_REVIEW"), Duration.ofSeconds(60));
            // the omission check's answers come before the signature, outside the sign -> filed interval measured
            signet.sign(token, signet.answerOmissions(token, signet.readDraft(token, id), "not-relevant",
                    new ArrayList<>()));
            signet.awaitQueueState(token, id, Set.of("FILED"), Duration.ofSeconds(60));
            JsonNode filed = signet.readDraft(token, id).body();
            long ms = Duration.between(Instant.parse(filed.path("signature").path("signedAt").asText()),
                    Instant.parse(filed.path("filing").path("filedAt").asText())).toMillis();
            if (i >= WARM_UP_NOTES) {
                latencies.add(ms);
            }
        }
        Collections.sort(latencies);
        System.out.printf("sign_to_filed_p50=%d ms%n", DraftLoad.percentile(latencies, 50));
        System.out.printf("sign_to_filed_p95=%d ms%n", DraftLoad.percentile(latencies, 95));
    }

    private static Properties runningStack() throws IOException {
        Path file = LocalStack.stackFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: is the stack running (bin/signet up)?");
        }
        Properties stack = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            stack.load(in);
        }
        return stack;
    }

    /** VmRSS of a process, from /proc (Linux). */
    static long residentMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }
}
