package org.signet.scribe.draft;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.scribe.provider.HostResolver;
import org.signet.scribe.provider.ScriptedHostResolver;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.CanaryChart;
import org.signet.services.testing.SchemaRows;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;
import org.signet.services.testing.TopicReader;

/**
 * Whole draft jobs against the real neighbours: tokenization-service and fhir-adapter run as processes, on the
 * sandbox EHR, Keycloak, PostgreSQL and Kafka. Canary patients prove that no identifier reaches a draft, an event,
 * a table or a log.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,fhir-adapter"))
class DraftPipelineTest {

    static final String TRANSCRIPT = """
            Doctor: Good morning, can you confirm your name and date of birth?
            Patient: %s %s, born %s. My phone is %s.
            Patient: I have had headaches for two weeks and my blood pressure was high at home.
            Doctor: On exam the lungs are clear and the heart sounds normal.
            Doctor: This is likely uncontrolled hypertension.
            Doctor: We will start lisinopril 10 mg daily and follow up in two weeks.
            """;

    @Test
    void aDraftForACanaryPatientEndsReadyWithTokensOnlyAndNoCanaryAnywhere() throws Exception {
        CanaryChart chart = CanaryChart.load(false);
        String id = requestDraft("dr.ada", chart, "extractive", transcriptFor(chart));
        JsonPath done = awaitTerminal("dr.ada", id);
        assertEquals("READY", done.getString("state"), done.prettify());
        String draft = done.getString("draftText");
        assertTrue(draft.contains("Subjective") && draft.contains("Plan"), draft);
        assertTrue(draft.contains("lisinopril"), draft);
        assertTrue(done.getString("patientRef").matches("\\[\\[PATIENT_REF_\\d+]]"), done.prettify());
        assertEquals(false, done.getBoolean("lineage.aiGenerated"));
        assertEquals("progress-note-soap", done.getString("lineage.templateId"));

        String ready = TopicReader.await(BackingServices.kafka().bootstrapServers(), Topics.DRAFTS_READY,
                record -> record.contains(id), Duration.ofSeconds(20));
        assertTrue(ready.contains("\"pseudonymizedText\""), ready);
        JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ready);
        assertEquals(2, event.path("schemaVersion").asInt());
        // the evidence: every sentence linked, the chart items and the facts of the encounter, tokens only
        JsonNode evidence = event.path("evidence");
        assertTrue(evidence.path("sentences").size() > 3, ready);
        assertTrue(evidence.path("chart").toString().contains("Hypertension"), ready);
        assertTrue(evidence.path("facts").toString().contains("lisinopril"), ready);
        for (JsonNode sentence : evidence.path("sentences")) {
            assertTrue(sentence.path("supported").asBoolean(), "the template drafter's sentences rest on their "
                    + "sources: " + sentence);
        }
        // the banner's identifiers as tokens of the draft's vault
        assertTrue(event.path("banner").path("birthDate").asText().matches("\\[\\[BIRTH_DATE_\\d+]]"), ready);
        assertTrue(event.path("banner").path("mrn").asText().matches("\\[\\[MRN_\\d+]]"), ready);
        assertTrue(event.path("banner").path("encounterDate").asText().matches("\\[\\[ENCOUNTER_DATE_\\d+]]"),
                ready);

        List<String> places = new ArrayList<>();
        places.addAll(TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.DRAFTS_READY));
        places.addAll(TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS));
        places.addAll(SchemaRows.of("scribe"));
        places.add(java.nio.file.Files.readString(java.nio.file.Path.of("target/scribe-test.log")));
        for (String canary : chart.canaries()) {
            assertTrue(places.stream().noneMatch(text -> text.contains(canary)), "canary leaked: " + canary);
        }
    }

    @Test
    void aDraftRequestedWithoutAProviderNamesTheDefaultItUsedInItsLineage() {
        CanaryChart chart = CanaryChart.load(false);
        String id = given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("patient", chart.patient(), "encounter", chart.encounter(), "purpose", "progress-note",
                        "noteType", "11506-3", "transcript", "Patient: my knee hurts."))
                .post("/v1/drafts").then().statusCode(202).extract().path("id");
        JsonPath done = awaitTerminal("dr.ada", id);
        assertEquals("READY", done.getString("state"), done.prettify());
        assertEquals("extractive", done.getString("lineage.providerId"), done.prettify());
    }

    @Test
    void theStepsStreamAsServerSentEvents() {
        CanaryChart chart = CanaryChart.load(false);
        String id = requestDraft("dr.ada", chart, "extractive", "Patient: my knee hurts. Doctor: We will order an x-ray.");
        String stream = given().auth().oauth2(KeycloakTokens.user("dr.ada")).accept("text/event-stream")
                .get("/v1/drafts/" + id + "/events").then().statusCode(200).extract().asString();
        List<String> order = List.of("RECEIVED", "VAULT_CREATED", "CONTEXT_FETCHED", "PSEUDONYMIZED",
                "PROMPT_RENDERED", "GUARD_PASSED", "MODEL_CALLED", "OUTPUT_CHECKED", "READY");
        int at = -1;
        for (String state : order) {
            int next = stream.indexOf("\"" + state + "\"", at + 1);
            assertTrue(next > at, state + " missing or out of order in " + stream);
            at = next;
        }
    }

    @Test
    void anOptedOutPatientIsRefusedAndNothingIsDrafted() {
        CanaryChart chart = CanaryChart.load(true);
        String id = requestDraft("dr.ada", chart, "extractive", transcriptFor(chart));
        JsonPath done = awaitTerminal("dr.ada", id);
        assertEquals("REFUSED_CONSENT", done.getString("state"), done.prettify());
        assertTrue(done.getString("reason").contains("consent in the EHR denies"), done.prettify());
        String shown = done.prettify();
        chart.canaries().forEach(canary -> assertFalse(shown.contains(canary), "canary in the refusal"));
        assertEquals(null, done.getString("draftText"));
    }

    @Test
    void aConsentTheEhrCannotConfirmRefusesAndSaysSoRatherThanCallingItAnOptOut() {
        CanaryChart chart = CanaryChart.load(false);
        BackingServices.sandboxEhr().admin("POST", "/faults", "{\"refuseConnections\":true}");
        JsonPath done;
        try {
            done = awaitTerminal("dr.ada", requestDraft("dr.ada", chart, "extractive", transcriptFor(chart)));
        } finally {
            BackingServices.sandboxEhr().admin("DELETE", "/faults", null);
        }
        assertEquals("REFUSED_CONSENT", done.getString("state"), done.prettify());
        String reason = done.getString("reason");
        assertTrue(reason.contains("could not be verified"), reason);
        assertFalse(reason.contains("opted out") || reason.contains("denies"), reason);
        String shown = done.prettify();
        chart.canaries().forEach(canary -> assertFalse(shown.contains(canary), "canary in the refusal"));
        assertEquals(null, done.getString("draftText"));
        // once the EHR answers again, the same patient is drafted
        JsonPath again = awaitTerminal("dr.ada", requestDraft("dr.ada", chart, "extractive", transcriptFor(chart)));
        assertEquals("READY", again.getString("state"), again.prettify());
    }

    @Test
    void aRemoteProviderWhoseBaaExpiredIsRefusedAtCallTime() throws Exception {
        // Enabled while its BAA was in force; the BAA has since expired (the API refuses to enable such a one).
        try (Connection db = db(); Statement sql = db.createStatement()) {
            sql.execute("insert into scribe.model_provider (id, kind, endpoint, model, model_version, local, "
                    + "baa_reference, baa_effective, baa_expires, enabled, created_at, updated_at) values "
                    + "('remote-expired', 'openai-compatible', 'http://127.0.0.1:9/v1', 'remote-model', '1', false, "
                    + "'BAA-2024-017', date '2024-01-01', date '2025-01-01', true, now(), now()) "
                    + "on conflict (id) do nothing");
        }
        CanaryChart chart = CanaryChart.load(false);
        String id = requestDraft("dr.ada", chart, "remote-expired", transcriptFor(chart));
        JsonPath done = awaitTerminal("dr.ada", id);
        assertEquals("REFUSED_PROVIDER", done.getString("state"), done.prettify());
        assertTrue(done.getString("reason").contains("BAA expired"), done.getString("reason"));
    }

    @Test
    void aRemoteProviderWithoutABaaCannotBeEnabled() {
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).contentType(ContentType.JSON)
                .body(Map.of("id", "vendor-x", "kind", "openai-compatible", "endpoint", "https://vendor.example/v1",
                        "model", "big", "modelVersion", "2026-01", "local", false, "enabled", true))
                .post("/v1/providers").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://signet.example.org/problems/provider-not-allowed"));
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).contentType(ContentType.JSON)
                .body(Map.of("id", "vendor-x", "kind", "openai-compatible", "endpoint", "https://vendor.example/v1",
                        "model", "big", "modelVersion", "2026-01", "local", false, "enabled", false))
                .post("/v1/providers").then().statusCode(201);
    }

    @Test
    void aLocalProviderWhoseNameNoLongerResolvesOnPremisesIsRefusedAtCallTime() {
        // DNS is scripted through the HostResolver bean: no JVM lets a test change what a name resolves to.
        ScriptedHostResolver dns = new ScriptedHostResolver();
        QuarkusMock.installMockForType(dns, HostResolver.class);
        CanaryChart chart = CanaryChart.load(false);

        // local-openai (a provider the purpose allows) at a name on loopback for its first two lookups (registration,
        // the job's provider check), then outside: the lookup right before the model call must catch the move.
        dns.answerByLookup("models.hospital.test", lookup -> List.of(ScriptedHostResolver.literal(
                lookup <= 2 ? "127.0.0.1" : "203.0.113.7")));
        registerProvider("local-openai", "openai-compatible", "http://models.hospital.test:9/v1", "tiny");
        String id = requestDraft("dr.ada", chart, "local-openai", transcriptFor(chart));
        JsonPath done = awaitTerminal("dr.ada", id);
        assertEquals("REFUSED_PROVIDER", done.getString("state"), done.prettify());
        String reason = done.getString("reason");
        assertTrue(reason.contains("provider local-openai is no longer on-premises") && reason.contains("no BAA"),
                reason);
        assertFalse(reason.contains("models.hospital.test") || reason.contains("203.0.113"), "an address: " + reason);
        String denied = TopicReader.await(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS,
                event -> event.contains(id) && event.contains("model.call") && event.contains("DENIED"),
                Duration.ofSeconds(20));
        assertTrue(denied.contains("no longer on-premises"), denied);

        // moved before the job started: refused at the job's provider check
        dns.answer("models.hospital.test", "127.0.0.1");
        registerProvider("local-openai", "openai-compatible", "http://models.hospital.test:9/v1", "tiny");
        dns.answer("models.hospital.test", "127.0.0.1", "203.0.113.7");
        done = awaitTerminal("dr.ada", requestDraft("dr.ada", chart, "local-openai", transcriptFor(chart)));
        assertEquals("REFUSED_PROVIDER", done.getString("state"), done.prettify());
        assertTrue(done.getString("reason").contains("no longer on-premises"), done.getString("reason"));
        // (theTinyModelDraftsInProcess… registers local-openai at the real local model server again)
    }

    @Test
    void theTinyModelDraftsInProcessAndThroughTheOpenAiCompatibleServerWithoutSeeingACanary() throws Exception {
        var server = BackingServices.localModelServer();
        registerProvider("local-gguf", "local-gguf", BackingServices.testModel().toString(), "stories260K");
        registerProvider("local-openai", "openai-compatible", server.baseUrl(), server.modelName());
        CanaryChart chart = CanaryChart.load(false);
        for (String provider : List.of("local-gguf", "local-openai")) {
            String id = requestDraft("dr.ada", chart, provider, transcriptFor(chart));
            JsonPath done = awaitTerminal("dr.ada", id);
            assertEquals("READY", done.getString("state"), provider + ": " + done.prettify());
            assertEquals(true, done.getBoolean("lineage.aiGenerated"));
            assertEquals("stories260K", done.getString("lineage.modelName").replace(".gguf", ""));
            assertTrue(done.getInt("lineage.promptTokens") > 0, done.prettify());
        }
        String recorded = java.nio.file.Files.readString(BackingServices.run().dir("local-model")
                .resolve("requests.jsonl"));
        assertTrue(recorded.contains("chat") || recorded.contains("messages"), "the server saw the request");
        assertTrue(recorded.contains("[[PATIENT_NAME_"), "the model saw tokens");
        for (String canary : chart.canaries()) {
            assertFalse(recorded.contains(canary), "canary sent to the model: " + canary);
        }
    }

    @Test
    void anotherClinicianCannotReadTheDraft() {
        CanaryChart chart = CanaryChart.load(false);
        String id = requestDraft("dr.ada", chart, "extractive", "Patient: fine.");
        awaitTerminal("dr.ada", id);
        given().auth().oauth2(KeycloakTokens.user("dr.ben")).get("/v1/drafts/" + id).then().statusCode(403);
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).get("/v1/drafts/" + id).then().statusCode(403);
    }

    // --- helpers ---

    static void registerProvider(String id, String kind, String endpoint, String model) {
        var body = Map.of("id", id, "kind", kind, "endpoint", endpoint, "model", model, "modelVersion", "test",
                "local", true, "noTraining", true, "telemetryOff", true, "retentionDays", 0, "enabled", true);
        int status = given().auth().oauth2(KeycloakTokens.user("ann.admin")).contentType(ContentType.JSON).body(body)
                .post("/v1/providers").then().extract().statusCode();
        if (status == 409) {
            given().auth().oauth2(KeycloakTokens.user("ann.admin")).contentType(ContentType.JSON).body(body)
                    .put("/v1/providers/" + id).then().statusCode(200);
        } else {
            assertEquals(201, status);
        }
    }

    static String transcriptFor(CanaryChart chart) {
        List<String> c = chart.canaries();
        return TRANSCRIPT.formatted(c.get(0), c.get(1), c.get(8), "555 " + c.get(4).substring(3));
    }

    static String requestDraft(String user, CanaryChart chart, String provider, String transcript) {
        return given().auth().oauth2(KeycloakTokens.user(user)).contentType(ContentType.JSON)
                .body(Map.of("patient", chart.patient(), "encounter", chart.encounter(), "purpose", "progress-note",
                        "noteType", "11506-3", "provider", provider, "transcript", transcript))
                .post("/v1/drafts").then().statusCode(202).extract().path("id");
    }

    static JsonPath awaitTerminal(String user, String id) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            JsonPath status = given().auth().oauth2(KeycloakTokens.user(user)).get("/v1/drafts/" + id)
                    .then().statusCode(200).extract().jsonPath();
            String state = status.getString("state");
            if (state.equals("READY") || state.startsWith("REFUSED") || state.startsWith("FAILED")) {
                return status;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("draft " + id + " did not finish in 90 s");
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }
}
