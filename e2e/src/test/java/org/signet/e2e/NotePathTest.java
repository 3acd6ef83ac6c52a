package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.signet.contracts.Topics;
import org.signet.services.app.LocalModelProviders;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SandboxEhrReader;
import org.signet.services.client.SignetClient;
import org.signet.services.demo.NoteDemo;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SmartBackendServicesClient;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.CanaryChart;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.ReliabilityReport;
import org.signet.services.testing.SchemaRows;
import org.signet.services.testing.TopicReader;

/**
 * The path of one note (docs/architecture.md §1) across the five services running as their own processes, on real
 * PostgreSQL, Kafka, Keycloak, the sandbox EHR and the local model server, driven only through public APIs with real
 * Keycloak tokens. Every patient is a canary chart; the last test looks for their identifiers everywhere they must
 * never be.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotePathTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration FILING = Duration.ofSeconds(90);
    private static final String CLINICIAN = "dr.ada";
    private static final String TRANSCRIPT = """
            Doctor: Good morning, can you confirm your name and date of birth?
            Patient: %s %s, born %s.
            Patient: I have had headaches for two weeks and my blood pressure was high at home.
            Doctor: On exam the lungs are clear and the heart sounds normal.
            Doctor: This is likely uncontrolled hypertension.
            Doctor: We will start lisinopril 10 mg daily and follow up in two weeks.
            """;

    /** The invisible characters issue 17 names: zero-width, soft hyphen, word joiners, BOM, bidi controls. */
    private static final int[] INVISIBLE_CHARACTERS = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x00AD, 0x2060,
            0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
            0x2069};

    /** Every canary identifier used by any test here, for the final scan. */
    private static final List<String> CANARIES = new CopyOnWriteArrayList<>();

    private static SignetClient signet;
    /** The happy path's filed note, for the scan's positive control. */
    private static String happyPathDocument;
    private static SandboxEhrReader ehr;

    @BeforeAll
    static void startTheSystem() throws Exception {
        for (SignetModule module : SignetModule.values()) {
            BackingServices.signetService(module);
        }
        BackingServices.localModelServer();
        signet = new SignetClient(BackingServices.peerUrl(SignetModule.SIGNOFF),
                BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM));
        ehr = new SandboxEhrReader(BackingServices.sandboxEhr().fhirBaseUrl(), BackingServices.ehrClientKey());
    }

    @AfterEach
    void ehrFaultsOff() throws Exception {
        BackingServices.sandboxEhr().admin("DELETE", "/faults", null);
    }

    /** The draft after its review: every omission the check lists answered, as a clinician must before signing. */
    private SignetClient.Draft reviewed(String token, String draftId) throws Exception {
        return signet.answerOmissions(token, signet.readDraft(token, draftId), "not-relevant", new ArrayList<>());
    }

    @Test
    @Order(1)
    void aSignedDraftIsFiledWithTheRealNameAndItsProvenance() throws Exception {
        CanaryChart chart = canaryChart(false);
        String token = clinicianToken();
        String draftId = draftToReview(token, chart, "extractive");

        SignetClient.Draft draft = signet.readDraft(token, draftId);
        assertTrue(draft.text().contains(family(chart)), "the clinician sees the real name: " + draft.text());
        // two more identifiers and the encounter, re-identified for the banner (tokens at rest: the canary scan)
        JsonNode banner = draft.body().path("banner");
        assertTrue(banner.path("mrn").asText().startsWith("CMRN"), "the MRN: " + banner);
        assertTrue(banner.path("birthDate").asText().matches("19\\d\\d-\\d\\d-\\d\\d"), "the birth date: " + banner);
        assertEquals(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), banner.path("encounterDate").asText());
        assertEquals("Office visit", banner.path("encounterType").asText());
        // the template draft rests on the visit and the chart, sentence by sentence, shown re-identified
        JsonNode evidence = signet.evidence(token, draftId);
        assertTrue(evidence.path("available").asBoolean() && evidence.path("templateDraft").asBoolean(), "" + evidence);
        assertTrue(evidence.path("sentenceCount").asInt() > 0
                && evidence.path("supportedCount").asInt() >= 0.9 * evidence.path("sentenceCount").asInt(),
                "supported " + evidence.path("supportedCount") + " of " + evidence.path("sentenceCount"));
        assertFalse(evidence.toString().contains("[["), "the evidence is shown re-identified: " + evidence);
        draft = signet.answerOmissions(token, draft, "not-relevant", new ArrayList<>());
        JsonNode signature = signet.sign(token, draft);
        assertEquals(KeycloakTokens.subject(CLINICIAN), signature.path("signer").asText());
        JsonNode filed = signet.awaitQueueState(token, draftId, Set.of("FILED"), FILING);

        String documentId = filed.path("documentReferenceId").asText();
        happyPathDocument = documentId;
        DocumentReference document = ehr.documentReference(documentId);
        assertEquals(DocumentReference.ReferredDocumentStatus.FINAL, document.getDocStatus());
        assertTrue(document.getMeta().getSecurity().stream().anyMatch(c -> "AIAST".equals(c.getCode())),
                "labelled as AI-asserted");
        String note = SandboxEhrReader.noteText(document);
        assertTrue(note.contains(family(chart)), "the filed note carries the patient's real name: " + note);
        assertFalse(note.contains("[["), "no token left in the chart: " + note);
        assertEquals(chart.patient(), document.getSubject().getReference());

        List<Provenance> provenance = ehr.provenanceOf(documentId);
        assertEquals(1, provenance.size(), "one Provenance for the filed note");
        assertTrue(provenance.get(0).getAgent().stream()
                        .anyMatch(agent -> agent.getWho().getReference().startsWith("Device/")),
                "the model that drafted it is an agent (a Device)");
        var review = provenance.get(0).getExtensionByUrl("urn:signet:draft-review");
        assertTrue(review != null && "true".equals(review.getExtensionByUrl("evidenceShown").getValue()
                .primitiveValue()), "the Provenance records that the signer was shown the evidence");
        assertEquals(evidence.path("supportedCount").asText(), review.getExtensionByUrl("supportedSentences")
                .getValue().primitiveValue(), "and how many sentences it supported");
        String device = provenance.get(0).getAgent().stream().map(a -> a.getWho().getReference())
                .filter(reference -> reference.startsWith("Device/")).findFirst().orElseThrow();
        assertEquals(200, ehrRead(device).statusCode(), device + " exists in the EHR");
        assertEquals(1, documentsOf(chart.patient()), "filed once");
        assertTheNotesPathIsInTheBalpExport(chart.patient(), draftId);
    }

    /**
     * audit-service kept every step, and its BALP export of the patient shows the path: the chart read for a
     * purpose, pseudonymization, the model call as a privacy disclosure, the signature and the filing.
     */
    private static void assertTheNotesPathIsInTheBalpExport(String patient, String draftId) throws Exception {
        String auditor = signet.userToken("aud.itor", BackingServices.TEST_USER_PASSWORD);
        Map<String, JsonNode> byAction = new java.util.HashMap<>();
        long deadline = System.currentTimeMillis() + 60_000;
        List<String> path = List.of("ehr.read", "context.deliver", "vault.pseudonymize-fhir", "model.call",
                "draft.read", "draft.sign", "ehr.write");
        while (!byAction.keySet().containsAll(path) && System.currentTimeMillis() < deadline) {
            HttpResponse<String> bundle = HTTP.send(HttpRequest.newBuilder(URI.create(
                    BackingServices.peerUrl(SignetModule.AUDIT) + "/v1/audit/fhir/AuditEvent?_count=1000&patient="
                            + patient)).header("Authorization", "Bearer " + auditor).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, bundle.statusCode(), bundle.body());
            for (JsonNode entry : JSON.readTree(bundle.body()).path("entry")) {
                for (JsonNode subtype : entry.path("resource").path("subtype")) {
                    if ("urn:signet:audit-action".equals(subtype.path("system").asText())) {
                        byAction.put(subtype.path("code").asText(), entry.path("resource"));
                    }
                }
            }
            if (!byAction.keySet().containsAll(path)) {
                Thread.sleep(500);
            }
        }
        assertTrue(byAction.keySet().containsAll(path), "the BALP export shows " + byAction.keySet());
        JsonNode disclosure = byAction.get("model.call");
        assertEquals("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure.Source",
                disclosure.path("meta").path("profile").path(0).asText());
        assertTrue(disclosure.toString().contains(patient), "the disclosure names the EHR patient");
        assertTrue(disclosure.toString().contains("extractive"), "and the provider it went to");
        assertTrue(byAction.get("draft.sign").toString().contains(draftId));
        assertEquals("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientCreate",
                byAction.get("ehr.write").path("meta").path("profile").path(0).asText());
    }

    @Test
    @Order(2)
    void aPatientWhoOptedOutIsRefusedAndNothingOfTheirChartIsRead() throws Exception {
        CanaryChart chart = canaryChart(true);
        String patientId = chart.patient().substring("Patient/".length());
        BackingServices.sandboxEhr().admin("DELETE", "/requests", null);
        String token = clinicianToken();
        String job = signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                "extractive", transcript(chart));
        JsonNode last = signet.followProgress(token, job, step -> { });
        assertEquals("REFUSED_CONSENT", last.path("state").asText());

        List<String> touched = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(BackingServices.sandboxEhr().admin("GET", "/requests", null))) {
            String path = entry.path("path").asText();
            if (path.contains(patientId) || path.contains(chart.encounter())) {
                touched.add(entry.path("method").asText() + " " + path);
            }
        }
        assertFalse(touched.isEmpty(), "the consent check itself reached the EHR");
        assertTrue(touched.stream().allMatch(request -> request.startsWith("GET /fhir/Consent")),
                "only the consent check read this patient's chart: " + touched);
        assertEquals(null, signet.queueEntry(token, job), "nothing queued for review");
    }

    @Test
    @Order(3)
    void aRejectedDraftIsNeverFiled() throws Exception {
        CanaryChart chart = canaryChart(false);
        String token = clinicianToken();
        String draftId = draftToReview(token, chart, "extractive");
        signet.reject(token, signet.readDraft(token, draftId), "Wrong patient context for this visit.");
        assertEquals("REJECTED", signet.queueEntry(token, draftId).path("state").asText());

        Thread.sleep(3_000); // what a filing would take; nothing may arrive
        assertEquals(0, documentsOf(chart.patient()), "a rejected draft never reaches the chart");
        assertTrue(TopicReader.readAll(kafka(), Topics.NOTES_SIGNED).stream().noneMatch(r -> r.contains(draftId)),
                "no NoteSigned for a rejected draft");
    }

    @Test
    @Order(4)
    void anEhrOutageBetweenSignAndFileEndsFiledExactlyOnce() throws Exception {
        CanaryChart chart = canaryChart(false);
        String token = clinicianToken();
        String draftId = draftToReview(token, chart, "extractive");

        BackingServices.sandboxEhr().admin("POST", "/faults", "{\"refuseConnections\":true}");
        signet.sign(token, reviewed(token, draftId));
        JsonNode failing = signet.awaitQueueState(token, draftId, Set.of("FILING_FAILED"), FILING);
        assertFalse(failing.path("filingFailureReason").asText().isBlank());
        BackingServices.sandboxEhr().admin("DELETE", "/faults", null);

        signet.awaitQueueState(token, draftId, Set.of("FILED"), Duration.ofMinutes(3));
        int filed = documentsOf(chart.patient());
        ReliabilityReport.fault("ehr-outage-sign-to-file", 1, filed);
        assertEquals(1, filed, "filed exactly once after the outage");
    }

    @Test
    @Order(5)
    void fhirAdapterKilledAfterTheSignatureFilesExactlyOnceWhenItIsBack() throws Exception {
        CanaryChart chart = canaryChart(false);
        String token = clinicianToken();
        String draftId = draftToReview(token, chart, "extractive");

        BackingServices.signetService(SignetModule.FHIR_ADAPTER).kill();
        signet.sign(token, reviewed(token, draftId));
        TopicReader.await(kafka(), Topics.NOTES_SIGNED, record -> record.contains(draftId), Duration.ofSeconds(30));
        assertEquals("SIGNED", signet.queueEntry(token, draftId).path("state").asText(), "nobody filed it yet");

        BackingServices.restartSignetService(SignetModule.FHIR_ADAPTER);
        signet.awaitQueueState(token, draftId, Set.of("FILED"), FILING);
        int filed = documentsOf(chart.patient());
        ReliabilityReport.fault("fhir-adapter-killed-after-sign", 1, filed);
        assertEquals(1, filed, "filed exactly once after the restart");
    }

    @Test
    @Order(6)
    void aDraftFromTheLocalModelServerTravelsTheSamePath() throws Exception {
        // the tiny model's text is nonsense: what matters is what it was sent, which the canary scan reads
        registerLocalModel();
        CanaryChart chart = canaryChart(false);
        String token = clinicianToken();
        String job = signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                "local-openai", transcript(chart));
        List<String> steps = new ArrayList<>();
        JsonNode last = signet.followProgress(token, job, step -> steps.add(step.path("state").asText()));
        assertTrue(steps.contains("MODEL_CALLED"), "steps: " + steps + ", last: " + last);
        assertTrue(Files.readString(modelRequests()).contains("[[PATIENT_NAME_"),
                "the model server was called, with tokens");
    }

    /** A visit whose patient says "{name} {rest}" once per invisible character splitting the name, and reversed. */
    private static String splitNameVisit(String given, String family, String rest) {
        StringBuilder transcript = new StringBuilder("Doctor: Good morning.\n");
        for (int cp : INVISIBLE_CHARACTERS) {
            String c = Character.toString(cp);
            transcript.append("Patient: ").append(given, 0, 6).append(c).append(given.substring(6)).append(' ')
                    .append(family, 0, 6).append(c).append(family.substring(6)).append(' ').append(rest).append('\n');
        }
        return transcript.append("Patient: \u202E").append(new StringBuilder(given + " " + family).reverse())
                .append("\u202C ").append(rest).append('\n')
                .append("Doctor: Blood pressure is high; we will start lisinopril 10 mg daily.\n").toString();
    }

    @Test
    @Order(7)
    void aNameSplitByInvisibleCharactersReachesNoModelAndIsFiledWithoutThem() throws Exception {
        CanaryChart chart = canaryChart(false);
        String given = chart.canaries().get(0);
        String family = chart.canaries().get(1);
        // the fragments after each split ("given<tag>", "family<tag>") and the names reversed are canaries too
        List<String> fragments = List.of(given.substring(6), family.substring(6),
                new StringBuilder(given).reverse().toString(), new StringBuilder(family).reverse().toString());
        CANARIES.addAll(fragments);
        // short lines for the tiny model's small context window; the template drafter reports what was said
        String transcript = splitNameVisit(given, family, "is here.");
        String token = clinicianToken();
        // the model server (registered by test 6) records what it is sent; the guard let it through
        String modelJob = signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                "local-openai", transcript);
        List<String> steps = new ArrayList<>();
        JsonNode last = signet.followProgress(token, modelJob, step -> steps.add(step.path("state").asText()));
        assertTrue(steps.contains("MODEL_CALLED"), "steps: " + steps + ", last: " + last);
        String sentToModels = Files.readString(modelRequests());
        for (String fragment : fragments) {
            assertFalse(sentToModels.contains(fragment), "a fragment of the name reached the model: " + fragment);
        }

        // the template drafter reports what the patient said, the name's token (bidi controls around it) included
        String job = draftToReview(token, chart, "extractive",
                splitNameVisit(given, family, "has had a headache since yesterday."));
        SignetClient.Draft draft = signet.readDraft(token, job);
        assertTrue(draft.text().contains(family), "re-identified: " + draft.text());
        assertEquals(List.of(), invisibleIn(draft.text()), "the clinician reads what is stored: " + draft.text());
        signet.sign(token, signet.answerOmissions(token, draft, "not-relevant", new ArrayList<>()));
        JsonNode filed = signet.awaitQueueState(token, job, Set.of("FILED"), FILING);
        String note = SandboxEhrReader.noteText(ehr.documentReference(filed.path("documentReferenceId").asText()));
        assertEquals(List.of(), invisibleIn(note), "the filed note has no invisible characters: " + note);
    }

    @Test
    @Order(8)
    void tokenizationDownWhileDraftingEndsTheJobWithAReasonAndNoPromptLeaves() throws Exception {
        registerLocalModel();
        CanaryChart chart = canaryChart(false);
        String token = clinicianToken();
        long promptsBefore = Files.exists(modelRequests()) ? Files.readAllLines(modelRequests()).size() : 0;
        BackingServices.signetService(SignetModule.TOKENIZATION).kill();
        try {
            // fail closed: without the vault nothing can be pseudonymized, so nothing may reach the model
            String job = signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                    "local-openai", transcript(chart));
            JsonNode last = signet.followProgress(token, job, step -> { });
            assertEquals("FAILED", last.path("state").asText(), "" + last);
            assertTrue(last.path("detail").asText().contains("could not be reached")
                    && last.path("detail").asText().contains("nothing was sent to a model"), "" + last);
            long promptsAfter = Files.exists(modelRequests()) ? Files.readAllLines(modelRequests()).size() : 0;
            assertEquals(promptsBefore, promptsAfter, "a prompt reached the model server");
            ReliabilityReport.fault("tokenization-down-while-drafting", 0, 0);
        } finally {
            BackingServices.restartSignetService(SignetModule.TOKENIZATION);
        }
    }

    @Test
    @Order(9)
    void tokenizationDownAtWriteBackFilesExactlyOnceWhenItIsBack() throws Exception {
        CanaryChart chart = canaryChart(false);
        String token = clinicianToken();
        String draftId = draftToReview(token, chart, "extractive");
        SignetClient.Draft reviewed = reviewed(token, draftId);

        BackingServices.signetService(SignetModule.TOKENIZATION).kill();
        try {
            signet.sign(token, reviewed);
            TopicReader.await(kafka(), Topics.NOTES_SIGNED, record -> record.contains(draftId), Duration.ofSeconds(30));
            // the note cannot be re-identified: it waits (retried), nothing half-filed
            Thread.sleep(5_000);
            assertEquals(0, documentsOf(chart.patient()), "filed without its real text");
        } finally {
            BackingServices.restartSignetService(SignetModule.TOKENIZATION);
        }
        signet.awaitQueueState(token, draftId, Set.of("FILED"), Duration.ofMinutes(3));
        int filed = documentsOf(chart.patient());
        ReliabilityReport.fault("tokenization-down-at-write-back", 1, filed);
        assertEquals(1, filed, "filed exactly once after tokenization-service came back");
    }

    @Test
    @Order(10)
    void theDemoWalksOneNoteToTheChartAndEndsWithTheFiledLine() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String id = new NoteDemo(signet, ehr, new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(CLINICIAN, BackingServices.TEST_USER_PASSWORD, "extractive");
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("filed DocumentReference/" + Pattern.quote(id)
                + " total_ms=\\d+"), "the last line: " + lines.get(lines.size() - 1));
        assertTrue(lines.stream().anyMatch(line -> line.contains("progress") && line.contains("READY")), "" + lines);
        assertEquals(DocumentReference.ReferredDocumentStatus.FINAL, ehr.documentReference(id).getDocStatus());
    }

    @Test
    @Order(11)
    void noCanaryAnywhereButTheEhrAndTheVault() throws Exception {
        assertTrue(CANARIES.size() > 20, "the tests above used canary charts");
        List<String> leaks = new ArrayList<>();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka()))) {
            Set<String> topics = admin.listTopics().names().get();
            assertTrue(topics.containsAll(Set.of(Topics.DRAFTS_READY, Topics.NOTES_SIGNED, Topics.NOTES_FILED,
                    Topics.AUDIT_EVENTS)), "the path's topics: " + topics);
            for (String topic : topics) {
                for (String record : TopicReader.readAll(kafka(), topic)) {
                    scan("topic " + topic, record, leaks);
                }
            }
        }
        for (String schema : List.of("scribe", "signoff", "adapter", "audit")) {
            for (String row : SchemaRows.of(schema)) {
                scan("table row in " + schema, row, leaks);
            }
        }
        scan("model server requests", Files.readString(modelRequests()), leaks);
        for (SignetModule module : SignetModule.values()) {
            Path log = BackingServices.run().logFile(module.module());
            scan("log of " + module.module(), Files.readString(log), leaks);
        }
        assertEquals(List.of(), leaks);

        // the scan itself can see: the note filed in the EHR, where the name belongs, holds it
        assertNotNull(happyPathDocument, "the happy path filed a note");
        List<String> found = new ArrayList<>();
        scan("the filed note", SandboxEhrReader.noteText(ehr.documentReference(happyPathDocument)), found);
        assertFalse(found.isEmpty(), "the scan finds the patient's name in the filed note");
    }

    // --- helpers ---

    /** As bin/signet up does: "local-openai" is one of the providers the seeded purposes allow. */
    private static void registerLocalModel() throws Exception {
        var server = BackingServices.localModelServer();
        LocalModelProviders.register(BackingServices.peerUrl(SignetModule.SCRIBE),
                signet.userToken("ann.admin", BackingServices.TEST_USER_PASSWORD), BackingServices.testModel(),
                server.baseUrl(), server.modelName());
    }

    private static CanaryChart canaryChart(boolean optedOut) {
        CanaryChart chart = CanaryChart.load(optedOut);
        CANARIES.addAll(chart.canaries());
        return chart;
    }

    private static String family(CanaryChart chart) {
        return chart.canaries().get(1);
    }

    private static String transcript(CanaryChart chart) {
        return TRANSCRIPT.formatted(chart.canaries().get(0), chart.canaries().get(1), chart.canaries().get(8));
    }

    private static String clinicianToken() throws Exception {
        return signet.userToken(CLINICIAN, BackingServices.TEST_USER_PASSWORD);
    }

    /** Requests a draft through signoff-service, follows it to READY and waits until it is in the queue. */
    private static String draftToReview(String token, CanaryChart chart, String provider) throws Exception {
        return draftToReview(token, chart, provider, transcript(chart));
    }

    private static String draftToReview(String token, CanaryChart chart, String provider, String transcript)
            throws Exception {
        String job = signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                provider, transcript);
        List<String> steps = new ArrayList<>();
        JsonNode last = signet.followProgress(token, job, step -> steps.add(step.path("state").asText()));
        assertEquals("READY", last.path("state").asText(), "steps: " + steps + ", last: " + last);
        assertTrue(steps.containsAll(List.of("RECEIVED", "CONTEXT_FETCHED", "GUARD_PASSED", "READY")), "" + steps);
        signet.awaitQueueState(token, job, Set.of("PENDING_REVIEW"), Duration.ofSeconds(30));
        return job;
    }

    private static int documentsOf(String patient) throws Exception {
        HttpResponse<String> found = ehrRead("DocumentReference?patient=" + patient);
        assertEquals(200, found.statusCode(), found.body());
        return JSON.readTree(found.body()).path("entry").size();
    }

    /** A read of the EHR as an outside SMART client (not through any Signet service). */
    private static HttpResponse<String> ehrRead(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(BackingServices.sandboxEhr().fhirBaseUrl() + "/"
                + pathAndQuery)).header("Authorization", "Bearer " + ehrToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String ehrToken() throws Exception {
        return new SmartBackendServicesClient(BackingServices.sandboxEhr().fhirBaseUrl(), EhrClientKey.CLIENT_ID,
                BackingServices.ehrClientKey().privateKey())
                .accessToken("system/DocumentReference.rs system/Device.rs");
    }

    private static Path modelRequests() {
        return BackingServices.run().dir("local-model").resolve("requests.jsonl");
    }

    private static String kafka() {
        return BackingServices.kafka().bootstrapServers();
    }

    private static List<String> invisibleIn(String text) {
        List<String> found = new ArrayList<>();
        for (int cp : INVISIBLE_CHARACTERS) {
            if (text.indexOf(cp) >= 0) {
                found.add("U+" + Integer.toHexString(cp).toUpperCase());
            }
        }
        return found;
    }

    private static void scan(String where, String content, List<String> leaks) {
        for (String canary : CANARIES) {
            if (content.contains(canary)) {
                leaks.add(canary + " in " + where);
            }
        }
    }
}
