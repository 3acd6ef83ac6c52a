package org.signet.audit.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.audit.chain.AuditRecord;
import org.signet.audit.chain.CanonicalRecord;
import org.signet.kit.DomainException;

/**
 * A search of the trail as HQL over {@code AuditRecord}'s generated columns: each given filter narrows it, time
 * bounds compare the fixed-width instants as text (their order is time order).
 */
final class AuditQuery {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");
    private static final Pattern PATIENT_REFERENCE = Pattern.compile("Patient/[A-Za-z0-9.-]{1,64}");
    private static final Pattern PATIENT_TOKEN = Pattern.compile("\\[\\[[A-Z_]{1,40}_[0-9]{1,9}]]");

    private final StringBuilder where = new StringBuilder("1 = 1");
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    AuditQuery equal(String column, String value) {
        if (value != null && !value.isBlank()) {
            String name = "p" + parameters.size();
            where.append(" and r.").append(column).append(" = :").append(name);
            parameters.put(name, value.strip());
        }
        return this;
    }

    /** Events about the patient: naming the reference itself, one of the patient's vaults, or a draft of them. */
    private AuditQuery patient(PatientLinks.Linked linked) {
        String name = "p" + parameters.size();
        where.append(" and (r.patientRef = :").append(name);
        parameters.put(name, linked.patientRef());
        if (!linked.vaultIds().isEmpty()) {
            where.append(" or r.resource in :").append(name).append("r or r.vaultId in :").append(name).append("v");
            parameters.put(name + "r", linked.resources());
            parameters.put(name + "v", linked.vaultIds());
        }
        if (!linked.draftIds().isEmpty()) {
            where.append(" or r.draftId in :").append(name).append("d");
            parameters.put(name + "d", linked.draftIds());
        }
        where.append(")");
        return this;
    }

    AuditQuery occurredFrom(Instant from) {
        return bound(">=", from);
    }

    AuditQuery occurredBefore(Instant to) {
        return bound("<", to);
    }

    AuditQuery after(Long seq) {
        if (seq != null) {
            where.append(" and r.seq > :after");
            parameters.put("after", seq);
        }
        return this;
    }

    /**
     * The matching records in chain order, at most {@code limit}; with {@code patientRef}, only those about that
     * patient, the events of the patient's vaults and drafts included.
     */
    Uni<List<AuditRecord>> find(Mutiny.StatelessSession session, String patientRef, int limit) {
        Uni<PatientLinks.Linked> linked = patientRef == null ? Uni.createFrom().nullItem()
                : PatientLinks.of(session, patientRef);
        return linked.chain(links -> {
            if (links != null) {
                patient(links);
            }
            var select = session.createSelectionQuery("from AuditRecord r where " + where + " order by r.seq",
                    AuditRecord.class);
            parameters.forEach(select::setParameter);
            return select.setMaxResults(limit).getResultList();
        });
    }

    /**
     * A patient as the trail names one: an EHR reference ({@code Patient/123}) or a vault's token
     * ({@code [[PATIENT_REF_1]]}); with {@code bareId}, a plain FHIR id too. Anything else — a name or an MRN typed
     * into the box — is refused before it could reach the trail (every search is audited, with its patient).
     */
    static String patientRef(String field, String value, boolean bareId) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (PATIENT_REFERENCE.matcher(text).matches() || !bareId && PATIENT_TOKEN.matcher(text).matches()) {
            return text;
        }
        if (bareId && FHIR_ID.matcher(text).matches()) {
            return "Patient/" + text;
        }
        // the value is not echoed: it may be what must not be kept
        throw DomainException.invalid("query parameter " + field + " must be a Patient reference (Patient/<id>)"
                + (bareId ? " or a FHIR id" : " or a patient token ([[PATIENT_REF_<n>]])"));
    }

    private AuditQuery bound(String operator, Instant at) {
        if (at != null) {
            String name = "p" + parameters.size();
            where.append(" and r.occurredAt ").append(operator).append(" :").append(name);
            parameters.put(name, CanonicalRecord.instant(at));
        }
        return this;
    }

    /**
     * An instant ({@code 2026-03-01T10:00:00Z}) or a day ({@code 2026-03-01}, its start in UTC; as an upper bound,
     * the start of the next day, so {@code to=2026-03-01} includes that day); null when absent.
     */
    static Instant time(String field, String value, boolean upperBound) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (upperBound ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw DomainException.invalid("query parameter " + field
                    + " must be an instant (2026-03-01T10:00:00Z) or a day (2026-03-01)");
        }
    }
}
