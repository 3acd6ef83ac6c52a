package org.signet.signoff.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.signet.contracts.AuditEvent;

/** Emits this service's {@link AuditEvent}s on {@code audit.events}; callers pass tokens and ids, never PHI. */
@ApplicationScoped
public class AuditTrail {

    static final String SERVICE = "signoff-service";

    /** The actor of what the service does on its own (consuming events, retention). */
    public static final String SERVICE_ACTOR = SERVICE;

    private final Emitter<Record<String, AuditEvent>> emitter;

    public AuditTrail(@Channel("audit-events") Emitter<Record<String, AuditEvent>> emitter) {
        this.emitter = emitter;
    }

    /** Sends the event and completes when Kafka acknowledged it: an access that cannot be audited fails. */
    public Uni<Void> record(String actor, String action, AuditEvent.Outcome outcome, String patientRef,
            String purpose, String resource, Map<String, String> details) {
        AuditEvent event = event(actor, action, outcome, patientRef, purpose, resource, details);
        Uni<Void> sent = Uni.createFrom().completionStage(() -> emitter.send(Record.of(resource, event)));
        // Kafka acknowledges on its own network thread; continue on the caller's Vert.x context, where a
        // reactive Hibernate session (and the rest of the request) must run.
        Context caller = Vertx.currentContext();
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /**
     * The event without sending it, for a change that records its audit event through the transactional outbox
     * (committed with the change itself, so a signature can never exist without its audit record).
     */
    public static AuditEvent event(String actor, String action, AuditEvent.Outcome outcome, String patientRef,
            String purpose, String resource, Map<String, String> details) {
        return new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), SERVICE, actor, action,
                outcome, patientRef, purpose, resource, null, details);
    }
}
