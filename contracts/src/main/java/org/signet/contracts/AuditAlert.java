package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Topic {@link Topics#AUDIT_ALERTS}: audit-service saw something a privacy officer must look at — the audit trail
 * no longer verifies, or an access pattern broke a rule. Never carries PHI: accounts, counts, sequence numbers and
 * patient reference tokens only.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when produced
 * @param alertId       unique id of this alert
 * @param raisedAt      when it was raised
 * @param rule          which check raised it, e.g. {@code chain.broken}
 * @param severity      how urgent it is
 * @param subject       whom or what it is about: an account, a client, {@code audit-trail}
 * @param summary       one PHI-free sentence
 * @param details       extra PHI-free key/value pairs (counts, sequence numbers, window)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditAlert(
        int schemaVersion,
        UUID alertId,
        Instant raisedAt,
        String rule,
        Severity severity,
        String subject,
        String summary,
        Map<String, String> details) {

    public static final int SCHEMA_VERSION = 1;

    /** How urgent an alert is. */
    public enum Severity {
        WARNING,
        CRITICAL
    }

    public AuditAlert {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
