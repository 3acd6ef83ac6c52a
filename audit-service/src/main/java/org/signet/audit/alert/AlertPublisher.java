package org.signet.audit.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.contracts.AuditAlert;

/**
 * Raises {@link AuditAlert}s: stored in table {@code alert} (the API and page list them; a stored alert keeps its
 * rule quiet about the same subject until {@code quiet_until}), then published on {@code audit.alerts}, keyed by
 * subject. Completes when both have it.
 */
@ApplicationScoped
public class AlertPublisher {

    private final ObjectMapper json;

    private final Emitter<Record<String, AuditAlert>> alerts;
    private final Mutiny.SessionFactory sessions;

    public AlertPublisher(@Channel("audit-alerts") Emitter<Record<String, AuditAlert>> alerts,
            Mutiny.SessionFactory sessions, ObjectMapper json) {
        this.json = json;
        this.alerts = alerts;
        this.sessions = sessions;
    }

    public Uni<AuditAlert> raise(String rule, AuditAlert.Severity severity, String subject, String summary,
            Map<String, String> details) {
        return raise(rule, severity, subject, summary, details, Instant.now());
    }

    /** Raises an alert that keeps {@code rule} quiet about {@code subject} until {@code quietUntil}. */
    public Uni<AuditAlert> raise(String rule, AuditAlert.Severity severity, String subject, String summary,
            Map<String, String> details, Instant quietUntil) {
        AuditAlert alert = new AuditAlert(AuditAlert.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), rule, severity,
                subject, summary, details);
        StoredAlert stored = new StoredAlert();
        stored.id = alert.alertId();
        stored.rule = rule;
        stored.severity = severity.name();
        stored.subject = subject;
        stored.summary = summary;
        try {
            stored.details = json.writeValueAsString(new TreeMap<>(alert.details()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
        stored.raisedAt = OffsetDateTime.ofInstant(alert.raisedAt(), ZoneOffset.UTC);
        stored.quietUntil = OffsetDateTime.ofInstant(quietUntil, ZoneOffset.UTC);
        return sessions.withTransaction(session -> session.persist(stored))
                .chain(() -> Uni.createFrom().completionStage(() -> alerts.send(Record.of(subject, alert))))
                .replaceWith(alert);
    }
}
