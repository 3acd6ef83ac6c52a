package org.signet.audit.alert;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.signet.contracts.AuditAlert;

/** Publishes {@link AuditAlert}s on {@code audit.alerts}, keyed by subject; completes when Kafka has each. */
@ApplicationScoped
public class AlertPublisher {

    private final Emitter<Record<String, AuditAlert>> alerts;

    public AlertPublisher(@Channel("audit-alerts") Emitter<Record<String, AuditAlert>> alerts) {
        this.alerts = alerts;
    }

    public Uni<AuditAlert> raise(String rule, AuditAlert.Severity severity, String subject, String summary,
            Map<String, String> details) {
        AuditAlert alert = new AuditAlert(AuditAlert.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), rule, severity,
                subject, summary, details);
        return Uni.createFrom().completionStage(() -> alerts.send(Record.of(subject, alert))).replaceWith(alert);
    }
}
