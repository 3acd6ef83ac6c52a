package org.signet.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.audit.chain.CanonicalRecord;
import org.signet.contracts.AuditEvent;

class CanonicalRecordTest {

    private static final Instant OCCURRED = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final Instant RECORDED = Instant.parse("2026-03-01T10:15:31Z");

    private static AuditEvent event(Map<String, String> details) {
        return new AuditEvent(1, UUID.fromString("0b7f9c2e-6a53-4c1e-9a51-2d0f3c4b5a69"), OCCURRED, "scribe-service",
                "dr-subject", "model.call", AuditEvent.Outcome.SUCCESS, "PT-7Q2", "progress-note", "draft/42", null,
                details);
    }

    @Test
    void theSameEventAlwaysGivesTheSameTextWhateverTheOrderOfItsDetails() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("provider", "local-llama");
        one.put("baa", "none");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("baa", "none");
        other.put("provider", "local-llama");
        String text = CanonicalRecord.of(event(one), RECORDED);
        assertEquals(text, CanonicalRecord.of(event(other), RECORDED));
        assertEquals("{\"event\":{\"action\":\"model.call\",\"actor\":\"dr-subject\",\"details\":{\"baa\":\"none\","
                + "\"provider\":\"local-llama\"},\"eventId\":\"0b7f9c2e-6a53-4c1e-9a51-2d0f3c4b5a69\","
                + "\"occurredAt\":\"2026-03-01T10:15:30.123456Z\",\"outcome\":\"SUCCESS\",\"patientRef\":\"PT-7Q2\","
                + "\"purpose\":\"progress-note\",\"resource\":\"draft/42\",\"schemaVersion\":1,"
                + "\"service\":\"scribe-service\"},\"recordedAt\":\"2026-03-01T10:15:31.000000Z\"}", text);
    }

    @Test
    void theTextReadsBackAsTheEventAtMicrosecondPrecision() {
        AuditEvent event = event(Map.of("draft", "42"));
        AuditEvent read = CanonicalRecord.event(CanonicalRecord.of(event, RECORDED));
        assertEquals(Instant.parse("2026-03-01T10:15:30.123456Z"), read.occurredAt());
        assertEquals(event.eventId(), read.eventId());
        assertEquals(event.details(), read.details());
        assertEquals(event.patientRef(), read.patientRef());
        assertEquals(RECORDED, CanonicalRecord.recordedAt(CanonicalRecord.of(event, RECORDED)));
    }

    @Test
    void fixedWidthInstantsSortAsTime() {
        assertTrue(CanonicalRecord.instant(Instant.parse("2026-03-01T10:00:00Z"))
                .compareTo(CanonicalRecord.instant(Instant.parse("2026-03-01T10:00:00.5Z"))) < 0);
        assertEquals(27, CanonicalRecord.instant(Instant.parse("2026-03-01T10:00:00Z")).length());
    }

    @Test
    void aLinkDependsOnThePreviousHashTheNumberAndTheText() {
        String text = CanonicalRecord.of(event(Map.of()), RECORDED);
        byte[] link = CanonicalRecord.link(CanonicalRecord.GENESIS, 1, text);
        assertEquals(32, link.length);
        assertArrayEquals(link, CanonicalRecord.link(CanonicalRecord.GENESIS, 1, text));
        assertFalse(Arrays.equals(link, CanonicalRecord.link(CanonicalRecord.GENESIS, 2, text)));
        assertFalse(Arrays.equals(link, CanonicalRecord.link(link, 1, text)));
        assertFalse(Arrays.equals(link, CanonicalRecord.link(CanonicalRecord.GENESIS, 1, text.replace("PT-7Q2",
                "PT-7Q3"))));
    }
}
