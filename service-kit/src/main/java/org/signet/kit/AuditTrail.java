package org.signet.kit;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.signet.contracts.AuditEvent;

/**
 * Emits the service's {@link AuditEvent}s on its {@code audit-events} channel (topic {@code audit.events}), naming
 * the service by {@code quarkus.application.name}. Callers pass tokens and ids, never PHI.
 */
@ApplicationScoped
public class AuditTrail {

    private final Emitter<Record<String, AuditEvent>> emitter;
    private final String service;

    public AuditTrail(@Channel("audit-events") Emitter<Record<String, AuditEvent>> emitter,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.emitter = emitter;
        this.service = service;
    }

    /** The actor of what the service does on its own (consuming events, retention jobs). */
    public String serviceActor() {
        return service;
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
     * The event without sending it, for a change that records its audit event through a transactional outbox
     * (committed with the change itself, so the change can never exist without its audit record).
     */
    public AuditEvent event(String actor, String action, AuditEvent.Outcome outcome, String patientRef,
            String purpose, String resource, Map<String, String> details) {
        return new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), service, actor, action,
                outcome, patientRef, purpose, resource, null, details);
    }
}
