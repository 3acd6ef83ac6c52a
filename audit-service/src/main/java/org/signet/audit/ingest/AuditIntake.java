package org.signet.audit.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.signet.audit.anomaly.AnomalyWatch;
import org.signet.audit.chain.AuditLedger;
import org.signet.contracts.AuditEvent;
import org.signet.kit.ConsumedRecords;

/**
 * Takes {@code audit.events}, every partition, a batch at a time, into the chain. The batch is acknowledged only
 * after its transaction committed, and offsets are committed only for acknowledged batches: a crash redelivers what
 * was not stored, and the ledger skips what was. A batch that cannot be stored is retried, then stops the channel
 * (health DOWN) — an audit event is never skipped.
 *
 * <p>A record that is not a readable event is kept too, as an event of this service that says so (its place on the
 * topic and its digest, never its content): the trail shows that something arrived that could not be read.
 */
@ApplicationScoped
public class AuditIntake {

    private static final Logger LOG = Logger.getLogger(AuditIntake.class);

    private final AuditLedger ledger;
    private final AnomalyWatch anomalies;
    private final ObjectMapper json;

    public AuditIntake(AuditLedger ledger, AnomalyWatch anomalies, ObjectMapper json) {
        this.ledger = ledger;
        this.anomalies = anomalies;
        this.json = json;
    }

    @Incoming("audit-events-in")
    public Uni<Void> ingest(Message<List<String>> batch) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordBatchMetadata<String, String> meta = batch.getMetadata(
                IncomingKafkaRecordBatchMetadata.class).orElseThrow();
        List<AuditEvent> events = new ArrayList<>(meta.count());
        for (ConsumerRecord<String, String> record : meta.getRecords()) {
            events.add(read(record));
        }
        return ConsumedRecords.retriedThroughOutages(
                        Uni.createFrom().deferred(() -> ledger.append(events, Instant.now())))
                // the rules watch what is stored, on this message's context (Hibernate Reactive's); if raising an
                // alert fails, the events stay stored and acknowledged (a restart replays them through the rules)
                .call(stored -> anomalies.observe(stored).onFailure().invoke(e -> LOG.errorf(
                        "anomaly rules failed on a batch: %s", e.toString())).onFailure().recoverWithNull())
                .onItemOrFailure().transformToUni((stored, failure) -> {
                    if (failure == null) {
                        LOG.debugf("stored %d of %d audit events", stored.size(), events.size());
                        return Uni.createFrom().completionStage(batch.ack());
                    }
                    LOG.errorf("could not store a batch of %d audit events: %s", events.size(), failure.toString());
                    return Uni.createFrom().completionStage(batch.nack(failure));
                });
    }

    AuditEvent read(ConsumerRecord<String, String> record) {
        String where = record.topic() + "/" + record.partition() + "/" + record.offset();
        try {
            AuditEvent event = record.value() == null ? null : json.readValue(record.value(), AuditEvent.class);
            if (event != null && event.occurredAt() != null && event.action() != null) {
                return event.eventId() != null ? event : new AuditEvent(event.schemaVersion(), placeId(where),
                        event.occurredAt(), event.service(), event.actor(), event.action(), event.outcome(),
                        event.patientRef(), event.purpose(), event.resource(), event.traceId(), event.details());
            }
        } catch (Exception e) {
            // Jackson's message may quote the record: only its type is logged
            LOG.warnf("unreadable audit event at %s (%s)", where, e.getClass().getSimpleName());
        }
        byte[] raw = record.value() == null ? new byte[0] : record.value().getBytes(StandardCharsets.UTF_8);
        return new AuditEvent(AuditEvent.SCHEMA_VERSION, placeId(where), Instant.ofEpochMilli(record.timestamp()),
                "audit-service", "audit-service", "audit.unreadable-event", AuditEvent.Outcome.FAILURE, null, null,
                where, null, Map.of("bytes", String.valueOf(raw.length),
                        "sha256", HexFormat.of().formatHex(sha256(raw))));
    }

    /** An id named by the record's place on the topic, so a redelivery of the same record is the same event. */
    private static UUID placeId(String where) {
        return UUID.nameUUIDFromBytes(("audit-service:" + where).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] raw) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
