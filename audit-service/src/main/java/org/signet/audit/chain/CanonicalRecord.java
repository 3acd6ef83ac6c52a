package org.signet.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.signet.contracts.AuditEvent;

/**
 * The one text form of a stored audit record that the chain hashes: the event and when the store received it, as
 * JSON with keys in code-point order, no whitespace, nulls left out, and instants written at a fixed width in UTC
 * with microseconds (what PostgreSQL keeps), so that text order is time order and the same event always gives the
 * same bytes.
 *
 * <p>A record's hash is SHA-256 over the previous record's hash, the record's sequence number (8 bytes, big
 * endian) and this text in UTF-8: changing any of the three, or removing a record, breaks every later link.
 */
public final class CanonicalRecord {

    /** The hash the first record links to. */
    public static final byte[] GENESIS = new byte[32];

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter INSTANT = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private CanonicalRecord() {}

    /** The canonical text of {@code event} as received at {@code recordedAt}. */
    public static String of(AuditEvent event, Instant recordedAt) {
        ObjectNode eventNode = JSON.createObjectNode();
        // fields in code-point order of their names
        putText(eventNode, "action", event.action());
        putText(eventNode, "actor", event.actor());
        if (!event.details().isEmpty()) {
            ObjectNode details = eventNode.putObject("details");
            new TreeMap<>(event.details()).forEach((key, value) -> putText(details, key, value));
        }
        putText(eventNode, "eventId", event.eventId() == null ? null : event.eventId().toString());
        putText(eventNode, "occurredAt", event.occurredAt() == null ? null : instant(event.occurredAt()));
        putText(eventNode, "outcome", event.outcome() == null ? null : event.outcome().name());
        putText(eventNode, "patientRef", event.patientRef());
        putText(eventNode, "purpose", event.purpose());
        putText(eventNode, "resource", event.resource());
        eventNode.put("schemaVersion", event.schemaVersion());
        putText(eventNode, "service", event.service());
        putText(eventNode, "traceId", event.traceId());
        ObjectNode record = JSON.createObjectNode();
        record.set("event", eventNode);
        record.put("recordedAt", instant(recordedAt));
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object tree of strings always serializes", e);
        }
    }

    /** The event a canonical text holds. */
    public static AuditEvent event(String canonical) {
        try {
            JsonNode event = JSON.readTree(canonical).path("event");
            Map<String, String> details = new TreeMap<>();
            event.path("details").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
            String outcome = text(event, "outcome");
            String eventId = text(event, "eventId");
            String occurredAt = text(event, "occurredAt");
            return new AuditEvent(event.path("schemaVersion").asInt(), eventId == null ? null : UUID.fromString(eventId),
                    occurredAt == null ? null : Instant.parse(occurredAt), text(event, "service"),
                    text(event, "actor"), text(event, "action"),
                    outcome == null ? null : AuditEvent.Outcome.valueOf(outcome), text(event, "patientRef"),
                    text(event, "purpose"), text(event, "resource"), text(event, "traceId"), details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a canonical audit record", e);
        }
    }

    /** When a canonical text says the store received its event. */
    public static Instant recordedAt(String canonical) {
        try {
            return Instant.parse(JSON.readTree(canonical).path("recordedAt").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a canonical audit record", e);
        }
    }

    /** An instant as the canonical form and the searchable columns write it. */
    public static String instant(Instant at) {
        return INSTANT.format(at.truncatedTo(ChronoUnit.MICROS));
    }

    /** SHA-256 over the previous hash, the sequence number and the canonical text. */
    public static byte[] link(byte[] previousHash, long seq, String canonical) {
        return new Linker().link(previousHash, seq, canonical);
    }

    /** Links many records with one digest: for one thread at a time (a walk, an append). */
    public static final class Linker {
        private final MessageDigest sha256 = sha256();
        private final ByteBuffer seqBytes = ByteBuffer.allocate(Long.BYTES);

        public byte[] link(byte[] previousHash, long seq, String canonical) {
            return link(previousHash, seq, canonical.getBytes(StandardCharsets.UTF_8));
        }

        /** The same over the canonical text's UTF-8 bytes, as read straight from the database. */
        public byte[] link(byte[] previousHash, long seq, byte[] canonicalUtf8) {
            sha256.update(previousHash);
            sha256.update(seqBytes.clear().putLong(seq).array());
            sha256.update(canonicalUtf8);
            return sha256.digest();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
