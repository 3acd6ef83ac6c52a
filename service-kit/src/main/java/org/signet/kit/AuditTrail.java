package org.signet.kit;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.signet.contracts.AuditEvent;

/**
 * Emits the service's {@link AuditEvent}s on its {@code audit-events} channel (topic {@code audit.events}), naming
 * the service by {@code quarkus.application.name}. Callers pass tokens and ids, never PHI.
 *
 * <p>Each event also names where it happened, as an audit record must (IHE BALP names both ends of an access):
 * detail {@code host}, the machine or pod the service runs on, and, for an event recorded while serving a request,
 * {@code clientAddress} (the caller's address as the HTTP layer sees it) and {@code client} (the OAuth client the
 * caller's token was issued to).
 */
@ApplicationScoped
public class AuditTrail {

    private final Emitter<Record<String, AuditEvent>> emitter;
    private final String service;
    private final String host;
    private final Duration ackTimeout;

    public AuditTrail(@Channel("audit-events") Emitter<Record<String, AuditEvent>> emitter,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "signet.audit.ack-timeout", defaultValue = "30s") Duration ackTimeout) {
        this.emitter = emitter;
        this.service = service;
        this.host = hostName();
        this.ackTimeout = ackTimeout;
    }

    /**
     * How long a blocking caller waits for Kafka to acknowledge its events: long enough to ride out a broker
     * restart (the producer holds the events and sends them when it is back), short of its own callers' timeouts.
     */
    public Duration ackTimeout() {
        return ackTimeout;
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
     * {@link #record}, blocking until Kafka acknowledged the event (at most {@link #ackTimeout()}); for worker
     * threads. Throws {@link AuditUnavailable} when it was not acknowledged.
     */
    public void recordAndWait(String actor, String action, AuditEvent.Outcome outcome, String patientRef,
            String purpose, String resource, Map<String, String> details) {
        Uni<Void> sent = record(actor, action, outcome, patientRef, purpose, resource, details);
        try {
            sent.await().atMost(ackTimeout);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new AuditUnavailable("the audit trail did not acknowledge " + action + " within " + ackTimeout, e);
        } catch (RuntimeException e) {
            throw new AuditUnavailable("the audit trail refused " + action, e);
        }
    }

    /**
     * The event without sending it, for a change that records its audit event through a transactional outbox
     * (committed with the change itself, so the change can never exist without its audit record).
     */
    public AuditEvent event(String actor, String action, AuditEvent.Outcome outcome, String patientRef,
            String purpose, String resource, Map<String, String> details) {
        Map<String, String> all = new HashMap<>(details == null ? Map.of() : details);
        if (host != null) {
            all.putIfAbsent("host", host);
        }
        caller().forEach(all::putIfAbsent);
        return new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), service, actor, action,
                // the trace it happens in (the request's or the consumed record's): an auditor joins a note's events by it
                outcome, patientRef, purpose, resource, TraceContexts.traceId(), all);
    }

    /**
     * The caller's address and OAuth client, when this runs while serving a request; empty otherwise (a job, a
     * consumed message). Read from the request itself, never from the SecurityIdentity bean, whose lookup may block
     * (and is refused) on an event loop outside a request.
     */
    private static Map<String, String> caller() {
        ArcContainer container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return Map.of();
        }
        InstanceHandle<CurrentVertxRequest> request = container.instance(CurrentVertxRequest.class);
        RoutingContext current = request.isAvailable() ? request.get().getCurrent() : null;
        if (current == null) {
            return Map.of();
        }
        Map<String, String> caller = new HashMap<>();
        if (current.request().remoteAddress() != null) {
            caller.put("clientAddress", current.request().remoteAddress().hostAddress());
        }
        if (current.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token
                && token.getClaim("azp") != null) {
            caller.put("client", token.<Object>getClaim("azp").toString());
        }
        return caller;
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null; // the event then names no host rather than a made-up one
        }
    }
}
