package org.signet.signoff.queue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A Kafka record written in the same transaction as the change it announces; {@code OutboxRelay} sends it.
 * The payload is event JSON with tokens only.
 */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String topic;

    @Column(name = "record_key")
    public String recordKey;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    public int attempts;

    /** The trace the record continues when relayed (W3C traceparent); null: none. */
    @Column(name = "trace_parent")
    public String traceParent;

    public static OutboxMessage of(String topic, String key, String payload, String traceParent) {
        OutboxMessage message = new OutboxMessage();
        message.topic = topic;
        message.recordKey = key;
        message.payload = payload;
        message.createdAt = Instant.now();
        message.traceParent = traceParent;
        return message;
    }
}
