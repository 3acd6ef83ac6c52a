package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Topic {@link Topics#AUDIT_EVENTS}: one access to, or decision about, protected health information.
 * Never carries PHI: the patient is named by a token or a resource id, details hold ids and codes only.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when produced
 * @param eventId       unique id of this event
 * @param occurredAt    when it happened
 * @param service       the emitting service, e.g. {@code tokenization-service}
 * @param actor         user id or service-account client id that acted
 * @param action        what was done, e.g. {@code vault.reidentify}
 * @param outcome       how it ended
 * @param patientRef    patient reference token or EHR resource id, null when no patient is involved
 * @param purpose       purpose of use, null when none applies
 * @param resource      the object acted on, e.g. {@code vault/3f1e…} or {@code draft/…}
 * @param traceId       trace id of the request, for correlating services
 * @param details       extra PHI-free key/value pairs (ids, counts, codes)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        String service,
        String actor,
        String action,
        Outcome outcome,
        String patientRef,
        String purpose,
        String resource,
        String traceId,
        Map<String, String> details) {

    public static final int SCHEMA_VERSION = 1;

    /** How an audited action ended. */
    public enum Outcome {
        SUCCESS,
        /** refused by policy: authorisation, consent, BAA, PHI guard */
        DENIED,
        FAILURE
    }

    public AuditEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
