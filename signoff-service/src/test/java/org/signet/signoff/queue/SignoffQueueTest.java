package org.signet.signoff.queue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signet.signoff.queue.Fixtures.await;
import static org.signet.signoff.queue.Fixtures.awaitState;
import static org.signet.signoff.queue.Fixtures.column;
import static org.signet.signoff.queue.Fixtures.publishDraft;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.contracts.NoteFiled;
import org.signet.contracts.NoteFilingFailed;
import org.signet.contracts.Topics;
import org.signet.services.ehr.LinkedPractitioners;
import org.signet.services.ehr.SandboxEhrMain;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;
import org.signet.services.testing.TopicReader;
import org.signet.signoff.mapping.ContentHash;

/**
 * The queue against its real neighbours: drafts arrive on Kafka, re-identification and re-pseudonymization go
 * through the real tokenization-service (as a process) with real Keycloak tokens, state lives in real PostgreSQL.
 * Canary names prove nothing identifying is stored or published.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class SignoffQueueTest {

    static final String ADA = "dr.ada";
    /** dr.ada's Practitioner in the EHR, the fhirUser her signatures carry (realm signet links her to it). */
    static final String ADA_PRACTITIONER = LinkedPractitioners.of(SandboxEhrMain.defaultSeedDir(),
            KeycloakServer.CLINICIANS).get(ADA);

    static String bootstrap() {
        return BackingServices.kafka().bootstrapServers();
    }

    @Test
    void aReadyDraftAppearsInItsClinicianQueueOnly() {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        assertNull(Fixtures.stateInQueue("dr.ben", draft.id()));
        given().auth().oauth2(KeycloakTokens.user(ADA)).queryParam("state", "PENDING_REVIEW")
                .queryParam("patient", "[[PATIENT_REF_1]]").queryParam("from", Instant.now().minusSeconds(600).toString())
                .get("/v1/queue").then().statusCode(200).body("draftId", org.hamcrest.Matchers.hasItem(
                        draft.id().toString()));
        given().auth().oauth2(KeycloakTokens.user(ADA)).queryParam("state", "SIGNED").get("/v1/queue")
                .then().statusCode(200).body("draftId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(
                        draft.id().toString())));
        given().auth().oauth2(KeycloakTokens.user(ADA)).queryParam("from", "yesterday").get("/v1/queue")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theAssignedClinicianReadsItReidentified() {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + draft.id())
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .header("Cache-Control", "no-store")
                .body("text", containsString(draft.canary().family()))
                .body("text", containsString("lisinopril"))
                .body("patient", containsString(draft.canary().family()))
                .body("patientRef", equalTo("[[PATIENT_REF_1]]"))
                .body("lineage.promptTemplateId", equalTo("progress-note-soap"))
                .body("state", equalTo("PENDING_REVIEW"));
    }

    @Test
    void invisibleCharactersAreRemovedFromWhatIsShownAndTokenSyntaxInTheTextStaysLiteral() throws Exception {
        Fixtures.Draft draft = publishDraft(ADA, """
                Subjective: Mrs. %1$s %2$s reports headaches; the form says [[PATIENT_NAME_1]].
                Plan: Start lisin\u200Bopril 10 mg \u202Eylid\u202C.""");
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        assertTrue(column(draft.id(), "current_text").contains("lisin\u200Bopril"), "stored as drafted");
        String shown = given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + draft.id())
                .then().statusCode(200)
                .body("invisibleCharactersRemoved", equalTo(3))
                .extract().path("text");
        assertTrue(shown.contains("Start lisinopril 10 mg ylid."), shown);
        assertTrue(shown.contains("the form says [[PATIENT_NAME_1]]."), "the typed token stays literal: " + shown);
        assertTrue(shown.contains("Mrs. " + draft.canary().given() + " " + draft.canary().family()), shown);

        // saved back as shown, it is still literal and no invisible character returns
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", shown)).put("/v1/drafts/" + draft.id()).then().statusCode(200);
        given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + draft.id()).then().statusCode(200)
                .body("invisibleCharactersRemoved", equalTo(0))
                .body("text", containsString("the form says [[PATIENT_NAME_1]]."));
    }

    @Test
    void anotherClinicianAnAdminAndAnAuditorAreRefusedAndAudited() {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        for (String user : List.of("dr.ben", "ann.admin", "aud.itor")) {
            given().auth().oauth2(KeycloakTokens.user(user)).get("/v1/drafts/" + draft.id())
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.not(containsString(draft.canary().family())));
            String sub = KeycloakTokens.subject(user);
            TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, r -> r.contains("\"draft/" + draft.id() + "\"")
                    && r.contains("\"draft.read\"") && r.contains("\"DENIED\"") && r.contains(sub),
                    Duration.ofSeconds(20));
        }
        given().auth().oauth2(KeycloakTokens.user("dr.ben")).contentType(ContentType.JSON)
                .body(Map.of("attest", true)).post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(403);
        given().auth().oauth2(KeycloakTokens.user("dr.ben")).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "mine now")).put("/v1/drafts/" + draft.id()).then().statusCode(403);
        TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, r -> r.contains("\"draft/" + draft.id() + "\"")
                && r.contains("\"draft.sign\"") && r.contains("\"DENIED\""), Duration.ofSeconds(20));
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
    }

    @Test
    void anEditIsPseudonymizedIntoTheVaultBeforeItIsStored() throws Exception {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        String shown = given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + draft.id())
                .then().statusCode(200).extract().path("text");
        String newName = "Canaryson" + draft.canary().family().substring("Canaryfamily".length());
        String edited = shown + "\nHer son " + newName + " drove her in today.";

        String etag = given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON)
                .header("If-Match", "\"0\"").body(Map.of("text", edited)).put("/v1/drafts/" + draft.id())
                .then().statusCode(200).body("version", equalTo(1)).extract().header("ETag");
        assertEquals("\"1\"", etag);

        String stored = column(draft.id(), "current_text");
        assertFalse(stored.contains(newName), stored);
        assertFalse(stored.contains(draft.canary().family()), stored);
        assertTrue(stored.contains("drove her in today"), stored);
        assertTrue(stored.matches("(?s).*\\[\\[[A-Z_]+_\\d+]] drove her in today.*"), stored);
        assertEquals(draft.pseudonymizedText(), column(draft.id(), "draft_text"));

        given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + draft.id()).then().statusCode(200)
                .header("ETag", "\"1\"").body("text", containsString(newName))
                .body("text", containsString(draft.canary().family()));

        // stale and missing preconditions
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", "lost update")).put("/v1/drafts/" + draft.id())
                .then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON)
                .body(Map.of("text", "blind write")).put("/v1/drafts/" + draft.id())
                .then().statusCode(428).contentType("application/problem+json");
        assertEquals(stored, column(draft.id(), "current_text"));
    }

    @Test
    void signingEmitsNoteSignedOnceAndTheFilingOutcomeMovesItOn() throws Exception {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).body(Map.of("attest", false))
                .post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(400);
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).header("If-Match", "\"7\"")
                .body(Map.of("attest", true)).post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(412);

        Response signed = given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON)
                .header("If-Match", "\"0\"").body(Map.of("attest", true)).post("/v1/drafts/" + draft.id() + "/sign");
        signed.then().statusCode(200).body("state", equalTo("SIGNED"))
                .body("signerFhirUser", equalTo(ADA_PRACTITIONER))
                .body("idempotencyKey", equalTo("sign-" + draft.id()));
        String hash = signed.path("contentSha256");
        assertEquals(ContentHash.sha256Hex(draft.pseudonymizedText()), hash);
        assertEquals(hash, column(draft.id(), "content_sha256"));

        String record = TopicReader.await(bootstrap(), Topics.NOTES_SIGNED, r -> r.contains(draft.id().toString()),
                Duration.ofSeconds(20));
        JsonNode event = Fixtures.JSON.readTree(record);
        assertEquals(hash, event.path("contentSha256").asText());
        assertEquals("sign-" + draft.id(), event.path("idempotencyKey").asText());
        assertEquals(KeycloakTokens.subject(ADA), event.path("signer").asText());
        assertEquals(ADA_PRACTITIONER, event.path("signerFhirUser").asText());
        assertEquals("[[PATIENT_REF_1]]", event.path("patientRef").asText());
        assertEquals(draft.vault().toString(), event.path("vaultId").asText());
        assertEquals(draft.pseudonymizedText(), event.path("finalPseudonymizedText").asText());
        assertEquals("progress-note-soap", event.path("model").path("promptTemplateId").asText());
        assertTrue(event.path("signedAt").isTextual(), "ISO time: " + record);
        TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, r -> r.contains("\"draft/" + draft.id() + "\"")
                && r.contains("\"draft.sign\"") && r.contains("\"SUCCESS\"")
                && r.contains("\"service\":\"signoff-service\""), Duration.ofSeconds(20));

        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).body(Map.of("attest", true))
                .post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("text", "after the fact")).put("/v1/drafts/" + draft.id()).then().statusCode(409);
        Thread.sleep(1000); // a relay round or three: still exactly one record
        assertEquals(1, TopicReader.readAll(bootstrap(), Topics.NOTES_SIGNED).stream()
                .filter(r -> r.contains(draft.id().toString())).count());
        assertEquals(0, Fixtures.count("select count(*) from signoff.outbox where sent_at is null and record_key = '"
                + draft.id() + "'"));

        Fixtures.publish(Topics.NOTES_FILING_FAILED, draft.id().toString(), new NoteFilingFailed(
                NoteFilingFailed.SCHEMA_VERSION, draft.id(), "EHR unavailable (503)", false, 1, Instant.now()));
        awaitState(ADA, draft.id(), "FILING_FAILED");
        NoteFiled filed = new NoteFiled(NoteFiled.SCHEMA_VERSION, draft.id(), "DocumentReference/dr-42", Instant.now());
        Fixtures.publish(Topics.NOTES_FILED, draft.id().toString(), filed);
        Fixtures.publish(Topics.NOTES_FILED, draft.id().toString(), filed);
        awaitState(ADA, draft.id(), "FILED");
        // a late failure report never moves a filed note back
        Fixtures.publish(Topics.NOTES_FILING_FAILED, draft.id().toString(), new NoteFilingFailed(
                NoteFilingFailed.SCHEMA_VERSION, draft.id(), "late", false, 2, Instant.now()));
        given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + draft.id()).then().statusCode(200)
                .body("filing.documentReferenceId", equalTo("DocumentReference/dr-42"))
                .body("signature.contentSha256", equalTo(hash));
        awaitState(ADA, draft.id(), "FILED");
    }

    @Test
    void theReviewShowsEachSentencesSourcesAndSigningWaitsForEveryOmissionToBeAnswered() throws Exception {
        Fixtures.Draft draft = Fixtures.publishDraftWithEvidence(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        String ada = KeycloakTokens.user(ADA);
        given().auth().oauth2(KeycloakTokens.user("dr.ben")).get("/v1/drafts/" + draft.id() + "/evidence")
                .then().statusCode(403).contentType("application/problem+json");
        assertNull(column(draft.id(), "evidence_shown_at"), "not shown to its clinician yet");
        // the banner: two more identifiers and the encounter, stored as tokens, shown re-identified
        assertTrue(column(draft.id(), "mrn").startsWith("[[MRN_"), "a token at rest");
        given().auth().oauth2(ada).get("/v1/drafts/" + draft.id()).then().statusCode(200)
                .body("banner.birthDate", equalTo(Fixtures.BIRTH_DATE))
                .body("banner.mrn", equalTo(Fixtures.MRN_PREFIX + draft.canary().family()))
                .body("banner.encounterDate", equalTo(Fixtures.ENCOUNTER_DATE))
                .body("banner.encounterType", equalTo("Office visit"));

        JsonNode evidence = Fixtures.JSON.readTree(given().auth().oauth2(ada).get("/v1/drafts/" + draft.id()
                + "/evidence").then().statusCode(200).header("Cache-Control", "no-store").extract().asString());
        assertTrue(evidence.path("available").asBoolean());
        assertTrue(evidence.path("templateDraft").asBoolean(), "the structured drafter's lineage: not AI");
        assertTrue(evidence.path("sentenceCount").asInt() >= 4, evidence.toString());
        // the transcript is shown re-identified, turn by turn; the plan sentence rests on the clinician's turn
        String turns = evidence.path("transcript").toString();
        assertTrue(turns.contains(draft.canary().family()) && !turns.contains("[[PATIENT_NAME"), turns);
        JsonNode plan = null;
        for (JsonNode sentence : evidence.path("sentences")) {
            if (sentence.path("text").asText().contains("lisinopril")) {
                plan = sentence;
            }
        }
        assertTrue(plan != null && plan.path("supported").asBoolean(), evidence.toString());
        int planTurn = plan.path("units").get(0).asInt();
        assertTrue(evidence.path("transcript").get(planTurn).path("text").asText().contains("lisinopril"));
        // metformin (chart) and ibuprofen (said) are left out; the denied chest pain is not an omission
        List<String> open = new ArrayList<>();
        evidence.path("omissions").forEach(o -> open.add(o.path("kind").asText() + ":" + o.path("name").asText()
                .toLowerCase()));
        assertEquals(2, open.size(), open.toString());
        assertTrue(open.stream().anyMatch(o -> o.startsWith("medication:metformin")), open.toString());
        assertTrue(open.stream().anyMatch(o -> o.equals("medication:ibuprofen")), open.toString());
        assertNotNull(column(draft.id(), "evidence_shown_at"));

        given().auth().oauth2(ada).contentType(ContentType.JSON).body(Map.of("attest", true))
                .post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("2 facts"))
                .body("detail", org.hamcrest.Matchers.not(containsString("ibuprofen")));

        // an edit that adds metformin closes that omission; its new sentence is aligned again, to the chart
        String shown = given().auth().oauth2(ada).get("/v1/drafts/" + draft.id()).then().extract().path("text");
        given().auth().oauth2(ada).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", shown + "\nContinue Metformin 500 MG Oral Tablet.")).put("/v1/drafts/" + draft.id())
                .then().statusCode(200);
        evidence = Fixtures.JSON.readTree(given().auth().oauth2(ada).get("/v1/drafts/" + draft.id() + "/evidence")
                .then().statusCode(200).extract().asString());
        assertEquals(1, evidence.path("omissions").size(), evidence.path("omissions").toString());
        JsonNode added = evidence.path("sentences").get(evidence.path("sentences").size() - 1);
        assertTrue(added.path("edited").asBoolean() && added.path("supported").asBoolean(), added.toString());
        assertEquals("medication:MedicationRequest/met-1", added.path("items").get(0).asText());

        String ibuprofen = evidence.path("omissions").get(0).path("key").asText();
        given().auth().oauth2(ada).contentType(ContentType.JSON).body(Map.of("key", ibuprofen, "decision", "maybe"))
                .post("/v1/drafts/" + draft.id() + "/omissions").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(ada).contentType(ContentType.JSON).body(Map.of("key", "problem:unheard-of",
                "decision", "not-relevant")).post("/v1/drafts/" + draft.id() + "/omissions").then().statusCode(404);
        long version = Long.parseLong(given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body(Map.of("key", ibuprofen, "decision", "not-relevant")).post("/v1/drafts/" + draft.id()
                        + "/omissions").then().statusCode(200).body("decision", equalTo("not-relevant"))
                .extract().path("version").toString());

        given().auth().oauth2(ada).contentType(ContentType.JSON).header("If-Match", "\"" + version + "\"")
                .body(Map.of("attest", true)).post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(200);
        String record = TopicReader.await(bootstrap(), Topics.NOTES_SIGNED, r -> r.contains(draft.id().toString()),
                Duration.ofSeconds(20));
        JsonNode review = Fixtures.JSON.readTree(record).path("review");
        assertTrue(review.path("evidenceShown").asBoolean(), record);
        assertTrue(review.path("supportedSentences").asInt() > 0
                && review.path("supportedSentences").asInt() <= review.path("sentences").asInt(), record);
        assertEquals(1, review.path("omissions").size(), record);
        assertEquals("not-relevant", review.path("omissions").get(0).path("decision").asText());
        assertEquals(ibuprofen, review.path("omissions").get(0).path("key").asText());
        // what the review stored and sent is tokens only: the canary's names (in the visit, in the MRN) nowhere
        for (String c : draft.canary().all()) {
            assertFalse(record.contains(c), "canary on notes.signed: " + c);
            for (String stored : List.of("evidence", "omission_decisions", "mrn", "birth_date", "encounter_date",
                    "current_text")) {
                String value = column(draft.id(), stored);
                assertFalse(value != null && value.contains(c), "canary in queue_item." + stored + ": " + c);
            }
        }
        TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, r -> r.contains("\"draft/" + draft.id() + "\"")
                && r.contains("\"draft.sign\"") && r.contains("\"omissionsNotRelevant\":\"1\""), Duration.ofSeconds(20));
        TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, r -> r.contains("\"draft/" + draft.id() + "\"")
                && r.contains("\"draft.omission\"") && !r.contains("ibuprofen"), Duration.ofSeconds(20));
    }

    @Test
    void aDraftSentWithoutEvidenceIsReviewedAndSignedAsBefore() {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + draft.id() + "/evidence")
                .then().statusCode(200).body("available", equalTo(false)).body("omissions.size()", equalTo(0));
    }

    @Test
    void rejectingStoresAPseudonymizedReason() throws Exception {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).body(Map.of("reason", ""))
                .post("/v1/drafts/" + draft.id() + "/reject").then().statusCode(400);
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON)
                .body(Map.of("reason", "Wrong patient: this is not Mrs. " + draft.canary().family() + "'s visit."))
                .post("/v1/drafts/" + draft.id() + "/reject").then().statusCode(200)
                .body("state", equalTo("REJECTED"));
        String reason = column(draft.id(), "rejection_reason");
        assertTrue(reason.startsWith("Wrong patient"), reason);
        assertFalse(reason.contains(draft.canary().family()), reason);
        assertEquals("REJECTED", Fixtures.stateInQueue(ADA, draft.id()));
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).body(Map.of("attest", true))
                .post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(409);
    }

    @Test
    void editMetricsAggregateForAdminsOnly() throws Exception {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        String shown = given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + draft.id())
                .then().statusCode(200).extract().path("text");
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", shown.replace("10 mg", "20 mg") + " Recheck potassium."))
                .put("/v1/drafts/" + draft.id()).then().statusCode(200);
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).body(Map.of("attest", true))
                .post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(200);
        assertEquals("3", Fixtures.count("select word_edit_distance from signoff.edit_metric where draft_id = '"
                + draft.id() + "'") + "");
        assertTrue(Fixtures.count("select ms_to_sign from signoff.edit_metric where draft_id = '" + draft.id() + "'")
                >= 0);

        List<Map<String, Object>> groups = given().auth().oauth2(KeycloakTokens.user("ann.admin"))
                .get("/v1/metrics/edits").then().statusCode(200).extract().jsonPath().getList("$");
        String ada = KeycloakTokens.subject(ADA);
        Map<String, Object> mine = groups.stream().filter(g -> ada.equals(g.get("clinician"))
                && "progress-note-soap".equals(g.get("promptTemplateId"))).findFirst().orElseThrow();
        assertTrue(((Number) mine.get("count")).intValue() >= 1, mine.toString());
        assertTrue(((Number) mine.get("meanEditRatio")).doubleValue() > 0, mine.toString());
        assertEquals(2, mine.get("promptTemplateVersion"));
        assertEquals("11506-3", mine.get("noteType"));
        assertTrue(mine.containsKey("medianMsToSign") && mine.containsKey("p90MsToSign"), mine.toString());
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).queryParam("from", "2000-01-01T00:00:00Z")
                .queryParam("to", "2000-01-02T00:00:00Z").get("/v1/metrics/edits").then().statusCode(200)
                .body("size()", equalTo(0));
        given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/metrics/edits").then().statusCode(403);

        // the admin console's quality page: this week, this lineage, signed and rejected drafts side by side
        Fixtures.Draft rejected = publishDraft(ADA);
        awaitState(ADA, rejected.id(), "PENDING_REVIEW");
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON)
                .body(Map.of("reason", "Unusable")).post("/v1/drafts/" + rejected.id() + "/reject").then()
                .statusCode(200);
        List<Map<String, Object>> weeks = given().auth().oauth2(KeycloakTokens.user("ann.admin"))
                .queryParam("weeks", 1).get("/v1/admin/quality").then().statusCode(200).extract().jsonPath()
                .getList("$");
        Map<String, Object> week = weeks.stream().filter(w -> "progress-note-soap".equals(w.get("promptTemplateId"))
                && Integer.valueOf(2).equals(w.get("promptTemplateVersion"))).findFirst().orElseThrow();
        assertTrue(((Number) week.get("signed")).intValue() >= 1, week.toString());
        assertTrue(((Number) week.get("rejected")).intValue() >= 1, week.toString());
        double rate = ((Number) week.get("rejectionRate")).doubleValue();
        assertTrue(rate > 0 && rate < 1, week.toString());
        assertTrue(((Number) week.get("meanEditRatio")).doubleValue() > 0, week.toString());
        assertTrue(week.get("week").toString().matches("\\d{4}-\\d{2}-\\d{2}"), week.toString());
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).queryParam("weeks", 0).get("/v1/admin/quality")
                .then().statusCode(422);
    }

    @Test
    void aRedeliveredDraftIsQueuedOnceAndAMalformedRecordIsDeadLetteredNotDropped() throws Exception {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        Fixtures.publish(Topics.DRAFTS_READY, draft.id().toString(), draft.event());
        String key = UUID.randomUUID().toString();
        Fixtures.publishRaw(Topics.DRAFTS_READY, key, "{\"draftId\": \"" + key + "\", \"oops");
        Fixtures.Draft after = publishDraft(ADA);
        awaitState(ADA, after.id(), "PENDING_REVIEW");
        assertEquals(1, Fixtures.count("select count(*) from signoff.queue_item where draft_id = '" + draft.id()
                + "'"));
        TopicReader.await(bootstrap(), "signoff.dead-letter", r -> r.contains(key), Duration.ofSeconds(20));
        TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, r -> r.contains("\"event.dead-letter\"")
                && r.contains(key) && r.contains("\"actor\":\"signoff-service\""), Duration.ofSeconds(20));
    }

    @Test
    void aPurposesOwnReviewPeriodDecidesWhenItsDraftExpires() throws Exception {
        Fixtures.Draft shortPeriod = Fixtures.publishDraft(ADA, Fixtures.SOAP_NOTE, 2);
        Fixtures.Draft longPeriod = Fixtures.publishDraft(ADA, Fixtures.SOAP_NOTE, 60);
        awaitState(ADA, shortPeriod.id(), "PENDING_REVIEW");
        awaitState(ADA, longPeriod.id(), "PENDING_REVIEW");
        assertEquals(2 * 86400L, Fixtures.count("select extract(epoch from review_deadline - received_at)::bigint "
                + "from signoff.queue_item where draft_id = '" + shortPeriod.id() + "'"));
        try (Connection db = Fixtures.db(); Statement sql = db.createStatement()) {
            // both received 30 days ago, past the queue's default (14 days): the purposes' periods decide
            sql.executeUpdate("update signoff.queue_item set received_at = now() - interval '30 days', "
                    + "review_deadline = now() - interval '28 days' where draft_id = '" + shortPeriod.id() + "'");
            sql.executeUpdate("update signoff.queue_item set received_at = now() - interval '30 days', "
                    + "review_deadline = now() + interval '30 days' where draft_id = '" + longPeriod.id() + "'");
        }
        awaitState(ADA, shortPeriod.id(), "EXPIRED");
        assertEquals("PENDING_REVIEW", Fixtures.stateInQueue(ADA, longPeriod.id()));
    }

    @Test
    void aDraftNobodyReviewedExpires() throws Exception {
        Fixtures.Draft draft = publishDraft(ADA);
        awaitState(ADA, draft.id(), "PENDING_REVIEW");
        try (Connection db = Fixtures.db(); Statement sql = db.createStatement()) {
            sql.executeUpdate("update signoff.queue_item set received_at = now() - interval '30 days' "
                    + "where draft_id = '" + draft.id() + "'");
        }
        awaitState(ADA, draft.id(), "EXPIRED");
        assertNotEquals(null, column(draft.id(), "expired_at"));
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).body(Map.of("attest", true))
                .post("/v1/drafts/" + draft.id() + "/sign").then().statusCode(409)
                .body("detail", containsString("expired"));
    }

    @Test
    void anEventCommittedButNotYetSentIsRelayedAfterARestart() throws Exception {
        // What a crash between the signing transaction's commit and the Kafka send leaves behind: an unsent row.
        UUID draft = UUID.randomUUID();
        try (Connection db = Fixtures.db(); Statement sql = db.createStatement()) {
            sql.executeUpdate("insert into signoff.outbox (topic, record_key, payload, created_at) values ('"
                    + Topics.NOTES_SIGNED + "', '" + draft + "', '{\"draftId\":\"" + draft
                    + "\",\"idempotencyKey\":\"sign-" + draft + "\"}', now())");
        }
        TopicReader.await(bootstrap(), Topics.NOTES_SIGNED, r -> r.contains("sign-" + draft), Duration.ofSeconds(20));
        await("the row marked sent", () -> {
            try {
                return Fixtures.count("select count(*) from signoff.outbox where sent_at is not null and record_key = '"
                        + draft + "'") == 1;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void noCanaryAnywhereAtRestOrOnNotesSigned() throws Exception {
        Fixtures.Draft signed = publishDraft(ADA);
        Fixtures.Draft rejected = publishDraft(ADA);
        awaitState(ADA, signed.id(), "PENDING_REVIEW");
        awaitState(ADA, rejected.id(), "PENDING_REVIEW");
        String shown = given().auth().oauth2(KeycloakTokens.user(ADA)).get("/v1/drafts/" + signed.id())
                .then().statusCode(200).body("text", containsString(signed.canary().given())).extract().path("text");
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("text", shown + "\nSeen with Mrs. " + signed.canary().family() + "'s daughter "
                        + signed.canary().given() + "x."))
                .put("/v1/drafts/" + signed.id()).then().statusCode(200);
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON).body(Map.of("attest", true))
                .post("/v1/drafts/" + signed.id() + "/sign").then().statusCode(200).body("contentSha256", notNullValue());
        given().auth().oauth2(KeycloakTokens.user(ADA)).contentType(ContentType.JSON)
                .body(Map.of("reason", "Mrs. " + rejected.canary().given() + " " + rejected.canary().family()
                        + " is someone else."))
                .post("/v1/drafts/" + rejected.id() + "/reject").then().statusCode(200);
        TopicReader.await(bootstrap(), Topics.NOTES_SIGNED, r -> r.contains(signed.id().toString()),
                Duration.ofSeconds(20));

        List<String> places = new ArrayList<>(Fixtures.rowsOfSchema("signoff"));
        assertTrue(places.stream().anyMatch(r -> r.contains(signed.id().toString())));
        places.addAll(TopicReader.readAll(bootstrap(), Topics.NOTES_SIGNED));
        places.addAll(TopicReader.readAll(bootstrap(), Topics.AUDIT_EVENTS));
        places.add(Files.readString(Path.of("target/signoff-test.log")));
        for (Fixtures.Draft draft : List.of(signed, rejected)) {
            for (String canary : draft.canary().all()) {
                assertTrue(places.stream().noneMatch(text -> text.contains(canary)), "canary leaked: " + canary);
            }
        }
        await("the relay to drain the outbox", () -> {
            try {
                return Fixtures.count("select count(*) from signoff.outbox where sent_at is null") == 0;
            } catch (Exception e) {
                return false;
            }
        });
    }
}
