package org.signet.signoff.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.Topics;
import org.signet.kit.TraceContexts;
import org.signet.signoff.queue.OutboxMessage;

/**
 * Writes events into the {@code outbox} table inside the caller's transaction; {@code OutboxRelay} publishes them.
 * Only call within {@code Panache.withTransaction}.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /** A record that continues the current trace when relayed. */
    public Uni<Void> enqueue(String topic, String key, Object event) {
        return enqueue(topic, key, event, TraceContexts.traceparent());
    }

    /** A record that continues the trace {@code traceParent} names (or none) when relayed. */
    public Uni<Void> enqueue(String topic, String key, Object event, String traceParent) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("event not serializable: "
                    + event.getClass().getSimpleName()));
        }
        return OutboxMessage.of(topic, key, payload, traceParent).persist().replaceWithVoid();
    }

    public Uni<Void> audit(AuditEvent event) {
        return enqueue(Topics.AUDIT_EVENTS, event.resource(), event);
    }
}
