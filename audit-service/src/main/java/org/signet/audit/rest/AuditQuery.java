package org.signet.audit.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.signet.audit.chain.CanonicalRecord;
import org.signet.kit.DomainException;

/**
 * A search of the trail as HQL over {@code AuditRecord}'s generated columns: each given filter narrows it, time
 * bounds compare the fixed-width instants as text (their order is time order).
 */
final class AuditQuery {

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
    AuditQuery patient(PatientLinks.Linked linked) {
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

    String where() {
        return where.toString();
    }

    Map<String, Object> parameters() {
        return parameters;
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
