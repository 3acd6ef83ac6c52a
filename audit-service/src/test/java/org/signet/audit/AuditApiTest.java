package org.signet.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.ProblemTypes;
import org.signet.contracts.Topics;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.TopicReader;

/** The auditor's API over events that came in on the real topic: search, paging, disclosures, roles. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "audit-service"))
@WithTestResource(AuditWitnessResource.class)
class AuditApiTest {

    @Test
    void eventsAreStoredOnceEachHoweverOftenTheyArriveAndFoundByPatientUserAndPurpose() throws Exception {
        String patient = "Patient/" + UUID.randomUUID();
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(AuditEvents.event(i % 2 == 0 ? "subject-even" : "subject-odd", "context.fetch", patient,
                    i < 20 ? "progress-note" : "discharge-summary", Map.of("n", String.valueOf(i))));
        }
        AuditEvents.send(events);
        // a producer's retry and a redelivery: the same ids again
        AuditEvents.send(events.subList(0, 10));
        AuditEvents.awaitStored(events.stream().map(AuditEvent::eventId).toList());
        Thread.sleep(500);
        assertEquals(30, AuditEvents.count("select count(*) from audit.audit_record where event_id = any(?)",
                events.stream().map(AuditEvent::eventId).toArray(UUID[]::new)));

        String auditor = KeycloakTokens.user("aud.itor");
        // three partitions: the store keeps arrival order, which need not be the order they were sent in
        Set<String> sent = events.stream().map(e -> e.eventId().toString()).collect(Collectors.toSet());
        Response all = given().auth().oauth2(auditor).queryParam("patient", patient)
                .queryParam("service", "test-service").queryParam("limit", 1000).get("/v1/audit/events").then()
                .statusCode(200).body("events", hasSize(30)).body("next", nullValue())
                .body("events[0].recordedAt", notNullValue()).extract().response();
        assertEquals(sent, Set.copyOf(all.jsonPath().getList("events.event.eventId", String.class)));
        List<Long> seqs = all.jsonPath().getList("events.seq", Long.class);
        assertEquals(seqs.stream().sorted().toList(), seqs, "oldest first");
        given().auth().oauth2(auditor).queryParam("patient", patient).queryParam("user", "subject-odd")
                .queryParam("purpose", "discharge-summary").get("/v1/audit/events").then().statusCode(200)
                .body("events.event.details.n", containsInAnyOrder("21", "23", "25", "27", "29"));

        // pages: each names where the next begins, and together they are the whole answer once
        List<String> paged = new ArrayList<>();
        Long after = null;
        do {
            var request = given().auth().oauth2(auditor).queryParam("patient", patient)
                    .queryParam("service", "test-service").queryParam("limit", 7);
            if (after != null) {
                request.queryParam("after", after);
            }
            Response page = request.get("/v1/audit/events").then().statusCode(200).extract().response();
            paged.addAll(page.jsonPath().getList("events.event.eventId"));
            after = page.jsonPath().getObject("next", Long.class);
        } while (after != null);
        assertEquals(all.jsonPath().getList("events.event.eventId", String.class), paged);

        // the auditor's search of this patient's trail is itself in it
        given().auth().oauth2(auditor).queryParam("patient", patient).queryParam("action", "audit.search")
                .get("/v1/audit/events").then().statusCode(200)
                .body("events[0].event.service", equalTo("audit-service"))
                .body("events[0].event.actor", equalTo(KeycloakTokens.subject("aud.itor")));

        // a time window: everything was just now, nothing yesterday
        given().auth().oauth2(auditor).queryParam("patient", patient).queryParam("to", "2020-01-01")
                .get("/v1/audit/events").then().statusCode(200).body("events", hasSize(0));

    }

    @Test
    void anUnreadableRecordIsKeptAsAnEventThatSaysSoWithoutItsContent() throws Exception {
        String key = "garbage-" + UUID.randomUUID();
        AuditEvents.sendRaw(key, "{not json: PT-SECRET-CONTENT");
        String auditor = KeycloakTokens.user("aud.itor");
        long deadline = System.currentTimeMillis() + 30_000;
        List<Map<String, Object>> found;
        do {
            Thread.sleep(200);
            found = given().auth().oauth2(auditor).queryParam("action", "audit.unreadable-event")
                    .queryParam("limit", 1000).get("/v1/audit/events").then().statusCode(200).extract().jsonPath()
                    .getList("events.event");
        } while (found.isEmpty() && System.currentTimeMillis() < deadline);
        assertTrue(!found.isEmpty(), "the unreadable record was not kept");
        String stored = found.toString();
        assertTrue(stored.contains("sha256"), stored);
        assertTrue(!stored.contains("PT-SECRET-CONTENT"), "the record's content must not be kept: " + stored);
    }

    @Test
    void disclosuresAnswerWhichPatientsWentToWhichProviderAsJsonAndCsv() throws Exception {
        String provider = "vendor-" + UUID.randomUUID().toString().substring(0, 8);
        String vaultOne = UUID.randomUUID().toString();
        String vaultTwo = UUID.randomUUID().toString();
        String patientOne = "Patient/" + UUID.randomUUID();
        String patientTwo = "Patient/" + UUID.randomUUID();
        List<AuditEvent> calls = List.of(
                vaultCreated(vaultOne, patientOne),
                vaultCreated(vaultTwo, patientTwo),
                modelCall(provider, vaultOne, "Condition.code,Patient.gender"),
                modelCall(provider, vaultTwo, "Condition.code"),
                modelCall(provider, vaultOne, "Observation.value"),
                modelCall("another-provider", vaultTwo, "Condition.code"),
                refusedCall(provider, vaultTwo));
        AuditEvents.send(calls);
        AuditEvents.awaitStored(calls.stream().map(AuditEvent::eventId).toList());
        String auditor = KeycloakTokens.user("aud.itor");

        given().auth().oauth2(auditor).queryParam("provider", provider).get("/v1/audit/disclosures")
                .then().statusCode(200)
                .body("disclosures", equalTo(3)).body("patients", equalTo(2))
                .body("rows.patientRef", containsInAnyOrder(patientOne, patientTwo, patientOne))
                .body("rows.patientToken.toSet()", contains("[[PATIENT_REF_1]]"))
                .body("rows.find { it.fields.size() == 2 }.fields", contains("Condition.code", "Patient.gender"))
                .body("rows.purpose.toSet()", contains("progress-note"))
                .body("rows.baa.toSet()", contains("BAA-2026-7"));
        String csv = given().auth().oauth2(auditor).accept("text/csv").queryParam("provider", provider)
                .queryParam("from", "2020-01-01").get("/v1/audit/disclosures").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(4, lines.length, csv);
        assertTrue(lines[0].startsWith("occurred_at,provider,patient_ref,patient_token,vault,purpose"), lines[0]);
        assertTrue(csv.contains("," + provider + "," + patientOne + ",[[PATIENT_REF_1]]," + vaultOne
                + ",progress-note,3,Condition.code Patient.gender,"), csv);
        given().auth().oauth2(auditor).queryParam("provider", provider).queryParam("format", "csv")
                .get("/v1/audit/disclosures").then().statusCode(200).contentType(containsString("text/csv"));
    }

    @Test
    void aPatientsTrailIncludesWhatThePseudonymizedSideDidUnderTheirToken() throws Exception {
        String vault = UUID.randomUUID().toString();
        String draft = UUID.randomUUID().toString();
        String patient = "Patient/" + UUID.randomUUID();
        AuditEvent call = AuditEvents.event("dr-subject", "model.call", "[[PATIENT_REF_1]]", "progress-note",
                Map.of("provider", "local", "vault", vault, "draft", draft));
        AuditEvent read = new AuditEvent(1, UUID.randomUUID(), java.time.Instant.now(), "signoff-service",
                "dr-subject", "draft.read", AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]", "progress-note",
                "draft/" + draft, null, Map.of("version", "0"));
        AuditEvent unrelated = AuditEvents.event("dr-subject", "draft.read", "[[PATIENT_REF_1]]", "progress-note",
                Map.of("draft", UUID.randomUUID().toString()));
        List<AuditEvent> events = List.of(vaultCreated(vault, patient), call, read, unrelated);
        AuditEvents.send(events);
        AuditEvents.awaitStored(events.stream().map(AuditEvent::eventId).toList());
        given().auth().oauth2(KeycloakTokens.user("aud.itor")).queryParam("patient", patient)
                .queryParam("service", "test-service").get("/v1/audit/events").then().statusCode(200)
                .body("events.event.action", containsInAnyOrder("vault.create", "model.call"));
        given().auth().oauth2(KeycloakTokens.user("aud.itor")).queryParam("patient", patient)
                .queryParam("action", "draft.read").get("/v1/audit/events").then().statusCode(200)
                .body("events.event.eventId", contains(read.eventId().toString()));
    }

    @Test
    void onlyAnAuditorReadsTheTrail() {
        for (String path : List.of("/v1/audit/events", "/v1/audit/verify", "/v1/audit/disclosures",
                "/v1/audit/checkpoint-key")) {
            given().get(path).then().statusCode(401);
            for (String user : List.of("ann.admin", "dr.ada")) {
                given().auth().oauth2(KeycloakTokens.user(user)).get(path).then().statusCode(403)
                        .contentType(ProblemTypes.MEDIA_TYPE);
            }
            given().auth().oauth2(KeycloakTokens.service("scribe-service")).get(path).then().statusCode(403);
        }
        given().auth().oauth2(KeycloakTokens.user("aud.itor")).get("/v1/audit/checkpoint-key").then()
                .statusCode(200).body("algorithm", equalTo("Ed25519")).body("publicKey", notNullValue());
    }

    @Test
    void badQueriesAreProblemsNotErrors() {
        String auditor = KeycloakTokens.user("aud.itor");
        given().auth().oauth2(auditor).queryParam("from", "last tuesday").get("/v1/audit/events").then()
                .statusCode(400).contentType(ProblemTypes.MEDIA_TYPE).body("detail", containsString("from"));
        given().auth().oauth2(auditor).queryParam("limit", 0).get("/v1/audit/events").then().statusCode(400)
                .contentType(ProblemTypes.MEDIA_TYPE);
        given().auth().oauth2(auditor).queryParam("format", "xml").get("/v1/audit/disclosures").then()
                .statusCode(400).contentType(ProblemTypes.MEDIA_TYPE);
        // a name typed where a patient reference belongs is refused, not echoed, and never reaches the trail
        String typed = "Ximena Quarrington-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(auditor).queryParam("patient", typed).get("/v1/audit/events").then()
                .statusCode(400).contentType(ProblemTypes.MEDIA_TYPE)
                .body("detail", not(containsString("Ximena")));
        given().auth().oauth2(auditor).queryParam("patient", typed).get("/v1/audit/fhir/AuditEvent").then()
                .statusCode(400).contentType(ProblemTypes.MEDIA_TYPE);
        given().auth().oauth2(auditor).queryParam("patient", "[[PATIENT_REF_1]]").get("/v1/audit/events").then()
                .statusCode(200);
        assertTrue(TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS).stream()
                .noneMatch(record -> record.contains("Quarrington")), "the typed name reached audit.events");
    }

    @Test
    void verifyAnswersTheChainsState() {
        given().auth().oauth2(KeycloakTokens.user("aud.itor")).get("/v1/audit/verify").then().statusCode(200)
                .body("intact", equalTo(true)).body("firstBreak", nullValue()).body("headHash", notNullValue());
    }

    private static AuditEvent vaultCreated(String vault, String patient) {
        return new AuditEvent(1, UUID.randomUUID(), java.time.Instant.now(), "test-service", "scribe-service",
                "vault.create", AuditEvent.Outcome.SUCCESS, patient, null, "vault/" + vault, null, Map.of());
    }

    /** A model call as the scribe records it: the patient by its vault's token, the vault and draft by id. */
    private static AuditEvent modelCall(String provider, String vault, String fields) {
        return AuditEvents.event("scribe-service", "model.call", "[[PATIENT_REF_1]]", "progress-note", Map.of(
                "provider", provider, "kind", "openai-compatible", "local", "false", "baa", "BAA-2026-7",
                "purposeVersion", "3", "fields", fields, "vault", vault, "draft", UUID.randomUUID().toString()));
    }

    private static AuditEvent refusedCall(String provider, String vault) {
        AuditEvent call = modelCall(provider, vault, "Condition.code");
        return new AuditEvent(call.schemaVersion(), call.eventId(), call.occurredAt(), call.service(), call.actor(),
                call.action(), AuditEvent.Outcome.DENIED, call.patientRef(), call.purpose(), call.resource(),
                call.traceId(), call.details());
    }
}
