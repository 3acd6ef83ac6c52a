package org.signet.services.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;
import org.signet.services.LocalStack;
import org.signet.services.client.SandboxEhrReader;
import org.signet.services.client.SignetClient;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.process.JvmLogging;
import org.signet.services.process.RunDirectory;

/**
 * {@code bin/signet demo}: the path of one note through a running stack, headless, as clinician {@code dr.ada}:
 * request → progress → draft ready → re-identified view → sign → filed. Prints each step with its time and ends with
 * {@code filed DocumentReference/<id> total_ms=<n>}; exits 0 only when the EHR really holds the signed note.
 *
 * <p>Options (defaults: the local stack of {@code bin/signet up}): {@code --signoff URL}, {@code --realm URL},
 * {@code --ehr URL} and {@code --ehr-auth none|smart-backend} (default: the running stack's EHR), {@code --user NAME},
 * {@code --provider ID}. The password comes from {@code SIGNET_DEV_PASSWORD}
 * (default {@code signet-dev}, the local stack's).
 */
public final class NoteDemo {

    static final String TRANSCRIPT = """
            Doctor: What brings you in today?
            Patient: I have had a dry cough for five days and a mild fever.
            Doctor: Any shortness of breath or chest pain?
            Patient: No, just tired.
            Doctor: On exam the lungs are clear and the temperature is 37.9.
            Doctor: This is likely a viral upper respiratory infection.
            Doctor: Rest and fluids; come back in one week if it is not better.
            """;

    private final SignetClient signet;
    private final SandboxEhrReader ehr;
    private final PrintStream out;
    private final long begin = System.nanoTime();

    /**
     * @param signet the way in, as a clinician (signoff-service and the Keycloak realm)
     * @param ehr    the EHR read as another SMART client, to pick an encounter and to check the filing
     * @param out    where the steps are printed
     */
    public NoteDemo(SignetClient signet, SandboxEhrReader ehr, PrintStream out) {
        this.signet = signet;
        this.ehr = ehr;
        this.out = out;
    }

    public static void main(String[] args) {
        JvmLogging.infoAndAbove();
        try {
            Map<String, String> options = options(args);
            // the EHR of the running stack (bin/signet up --ehr ... writes it), unless named here
            Properties stack = LocalStack.runningStack();
            String ehrUrl = options.getOrDefault("--ehr", stack.getProperty("ehr.base_url", LocalStack.EHR_FHIR_URL));
            String ehrAuth = options.getOrDefault("--ehr-auth", stack.getProperty("ehr.auth", "smart-backend"));
            NoteDemo demo = new NoteDemo(
                    new SignetClient(options.getOrDefault("--signoff", LocalStack.SIGNOFF_URL),
                            options.getOrDefault("--realm", LocalStack.REALM_URL)),
                    "none".equals(ehrAuth) ? SandboxEhrReader.open(ehrUrl)
                            : new SandboxEhrReader(ehrUrl, EhrClientKey.loadOrCreate(RunDirectory.keysDir())),
                    System.out);
            demo.run(options.getOrDefault("--user", "dr.ada"),
                    System.getenv().getOrDefault("SIGNET_DEV_PASSWORD", "signet-dev"), options.get("--provider"));
        } catch (Exception e) {
            System.err.println("demo failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The whole path for the EHR's newest encounter; returns the filed DocumentReference's id, and throws unless the
     * EHR holds the signed note as final.
     *
     * @param provider a scribe provider id, or null for scribe's default
     */
    public String run(String user, String password, String provider) throws Exception {
        String traceId = SignetClient.newTraceId();
        SignetClient client = signet.traced(traceId);
        SandboxEhrReader.Chart chart = ehr.newestEncounter();
        step("trace", traceId + " (every call below; each service's spans carry it)");
        step("chart", chart.patient() + ", " + chart.encounter() + " (the EHR's newest encounter)");
        String token = client.userToken(user, password);
        step("signed in", user + " (Keycloak realm signet)");

        String job = client.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                provider, TRANSCRIPT);
        step("requested", "draft " + job + " (the transcript travels once, in memory)");
        JsonNode last = client.followProgress(token, job, progress -> step("progress",
                progress.path("state").asText() + (progress.path("detail").asText("").isEmpty() ? ""
                        : " — " + progress.path("detail").asText())));
        if (!"READY".equals(last.path("state").asText())) {
            throw new IllegalStateException("the draft ended " + last.path("state").asText() + ": "
                    + last.path("detail").asText());
        }

        client.awaitQueueState(token, job, Set.of("PENDING_REVIEW"), Duration.ofSeconds(60));
        step("queued", "in " + user + "'s sign-off queue");
        SignetClient.Draft draft = client.readDraft(token, job);
        step("review", "re-identified for " + user + ": " + draft.body().path("patient").asText("(no name)"));
        printLines(draft.text(), 6);
        JsonNode evidence = client.evidence(token, job);
        step("evidence", evidence.path("supportedCount").asInt() + " of " + evidence.path("sentenceCount").asInt()
                + " sentences supported by the transcript or chart");
        // the demo acts for the clinician: what the encounter holds and the note leaves out is answered "not
        // relevant" here, and shown, so a person running it sees what a reviewer would be asked
        List<JsonNode> answered = new ArrayList<>();
        draft = client.answerOmissions(token, draft, "not-relevant", answered);
        step("omissions", answered.isEmpty() ? "none: the note mentions all the encounter holds"
                : answered.size() + " answered 'not relevant' for the demo: " + answered.stream()
                        .map(o -> o.path("kind").asText()).distinct().sorted().toList());

        JsonNode signature = client.sign(token, draft);
        step("signed", "by " + user + " with the attestation, sha256 "
                + signature.path("contentSha256").asText().substring(0, 16) + "…");
        JsonNode filed = client.awaitQueueState(token, job, Set.of("FILED", "FILING_FAILED"), Duration.ofSeconds(120));
        if (!"FILED".equals(filed.path("state").asText())) {
            throw new IllegalStateException("filing failed: " + filed.path("filingFailureReason").asText());
        }
        String id = filed.path("documentReferenceId").asText();
        DocumentReference document = ehr.documentReference(id);
        if (document.getDocStatus() != DocumentReference.ReferredDocumentStatus.FINAL) {
            throw new IllegalStateException("DocumentReference/" + id + " is not final: " + document.getDocStatus());
        }
        step("filed", "DocumentReference/" + id + " in the EHR, docStatus final; first lines:");
        printLines(SandboxEhrReader.noteText(document), 5);
        out.println("filed DocumentReference/" + id + " total_ms=" + elapsedMs());
        return id;
    }

    private void step(String name, String what) {
        out.printf("[%6d ms] %-10s %s%n", elapsedMs(), name, what);
        out.flush();
    }

    private void printLines(String text, int max) {
        text.lines().filter(line -> !line.isBlank()).limit(max).forEach(line -> out.println("             | " + line));
    }

    private long elapsedMs() {
        return Duration.ofNanos(System.nanoTime() - begin).toMillis();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
        }
        return options;
    }
}
