package org.signet.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every event survives a JSON round trip unchanged, and consumers ignore fields they do not know. */
class EventJsonRoundTripTest {

    // Configured as Quarkus configures its mapper by default: ISO dates, unknown properties tolerated.
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Instant AT = Instant.parse("2026-11-27T08:15:30.123Z");
    private static final DraftReady.ModelLineage LINEAGE =
            new DraftReady.ModelLineage("extractive", "extractive", "1", "progress-note-soap", 2, false);

    @Test
    void draftReady() throws Exception {
        var event = new DraftReady(DraftReady.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(), "user-1",
                "[[PATIENT_REF_1]]", "[[PATIENT_NAME_1]]", "[[ENCOUNTER_REF_1]]", "11506-3", "progress-note", 3, LINEAGE,
                "S: [[PATIENT_NAME_1]] reports cough since [[DATE_1]].", AT, 7, new DraftEvidence(
                        "Patient: I've had a cough since [[DATE_1]].", List.of(new DraftEvidence.ChartItem(
                                "problem:Condition/c1", "problem", "Condition", "c1", "code", "Asthma (since 3 years "
                                + "before this encounter)", "Asthma", "http://snomed.info/sct|195967001")),
                        List.of(new DraftEvidence.Sentence(3, 52, true, 0.83,
                                List.of(DraftEvidence.SourceRef.transcript(9, 44, 0.83)))),
                        List.of(new DraftEvidence.Fact("problem", "cough", "transcript", null, 25, 30, false)),
                        List.of("S")), new DraftReady.PatientBanner("[[BIRTH_DATE_1]]", "[[MRN_1]]",
                        "[[ENCOUNTER_DATE_1]]", "Office visit"));
        assertRoundTrip(event, DraftReady.class);
        assertEquals("problem:cough", event.evidence().facts().get(0).key());
    }

    @Test
    void noteSigned() throws Exception {
        var event = new NoteSigned(NoteSigned.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(), "user-1",
                "Practitioner/signet-dr-ada", "[[PATIENT_REF_1]]", "[[ENCOUNTER_REF_1]]", "11506-3", "progress-note", LINEAGE, "A: stable.", AT, "ab".repeat(32), "sign-" + UUID.randomUUID(),
                new NoteSigned.Review(4, 3, true, List.of(new NoteSigned.OmissionDecision("problem:cough", "problem",
                        "cough", NoteSigned.OmissionDecision.NOT_RELEVANT, AT))));
        assertRoundTrip(event, NoteSigned.class);
    }

    @Test
    void noteFiled() throws Exception {
        assertRoundTrip(new NoteFiled(NoteFiled.SCHEMA_VERSION, UUID.randomUUID(), "DocumentReference/42", AT),
                NoteFiled.class);
    }

    @Test
    void noteFilingFailed() throws Exception {
        assertRoundTrip(new NoteFilingFailed(NoteFilingFailed.SCHEMA_VERSION, UUID.randomUUID(),
                "EHR answered 503", false, 4, AT), NoteFilingFailed.class);
    }

    @Test
    void auditEvent() throws Exception {
        var event = new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID(), AT, "tokenization-service",
                "user-1", "vault.reidentify", AuditEvent.Outcome.DENIED, "[[PATIENT_REF_1]]", "TREAT",
                "vault/1", "trace-1", Map.of("tokens", "3"));
        assertRoundTrip(event, AuditEvent.class);
    }

    @Test
    void auditEventWithoutDetailsHasEmptyDetails() {
        var event = new AuditEvent(1, UUID.randomUUID(), AT, "s", "a", "x", AuditEvent.Outcome.SUCCESS,
                null, null, null, null, null);
        assertEquals(Map.of(), event.details());
    }

    @Test
    void consumersIgnoreUnknownFieldsOfANewerSchema() throws Exception {
        var event = new NoteFiled(NoteFiled.SCHEMA_VERSION, UUID.randomUUID(), "DocumentReference/7", AT);
        var json = mapper.readTree(mapper.writeValueAsString(event));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("addedInVersion2", "whatever");
        assertEquals(event, mapper.treeToValue(json, NoteFiled.class));
    }

    @Test
    void everyEventCarriesItsSchemaVersionAndIsoTimes() throws Exception {
        var json = mapper.readTree(mapper.writeValueAsString(
                new NoteFiled(NoteFiled.SCHEMA_VERSION, UUID.randomUUID(), "DocumentReference/7", AT)));
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("2026-11-27T08:15:30.123Z", json.get("filedAt").asText());
    }

    @Test
    void topicNamesAreUniqueAndPartitioned() {
        assertEquals(Topics.ALL.size(), Topics.ALL.stream().map(Topics.Definition::name).distinct().count());
        assertTrue(Topics.ALL.stream().allMatch(t -> t.partitions() > 0));
    }

    private <T> void assertRoundTrip(T event, Class<T> type) throws Exception {
        String json = mapper.writeValueAsString(event);
        assertEquals(event, mapper.readValue(json, type), json);
    }
}
