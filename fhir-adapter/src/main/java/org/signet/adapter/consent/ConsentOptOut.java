package org.signet.adapter.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An admin-recorded opt-out of AI drafting for one patient (all purposes or some), for a period. */
@Entity
@Table(name = "consent_optout")
public class ConsentOptOut extends PanacheEntityBase {

    /** Which drafting the opt-out covers. */
    public enum Scope { ALL, PURPOSES }

    @Id
    public UUID id;

    /** {@code Patient/{id}} in the EHR. */
    @Column(name = "patient_ref")
    public String patientRef;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Scope scope;

    @jakarta.persistence.Convert(converter = PurposeIds.class)
    public List<String> purposes;

    @Column(name = "period_start")
    public Instant periodStart;

    @Column(name = "period_end")
    public Instant periodEnd;

    public String reason;

    @Column(name = "recorded_by")
    public String recordedBy;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Column(name = "revoke_reason")
    public String revokeReason;

    /** Whether this record, at {@code now}, forbids drafting under {@code purposeId}. */
    public boolean denies(String purposeId, Instant now) {
        boolean inForce = revokedAt == null && !now.isBefore(periodStart) && (periodEnd == null || now.isBefore(periodEnd));
        return inForce && (scope == Scope.ALL || (purposes != null && purposes.contains(purposeId)));
    }

    /** A patient's records, oldest first; parameter 1 is the {@code Patient/{id}} reference. */
    public static final String FOR_PATIENT = "from ConsentOptOut where patientRef = ?1 order by recordedAt";

    public static Uni<List<ConsentOptOut>> forPatient(String patientRef) {
        return list(FOR_PATIENT, patientRef);
    }

    /** Purpose ids as one comma-separated column (ids cannot contain commas). */
    @jakarta.persistence.Converter
    public static class PurposeIds implements jakarta.persistence.AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> ids) {
            return ids == null ? "" : String.join(",", ids);
        }

        @Override
        public List<String> convertToEntityAttribute(String column) {
            return column == null || column.isBlank() ? List.of() : List.of(column.split(","));
        }
    }
}
