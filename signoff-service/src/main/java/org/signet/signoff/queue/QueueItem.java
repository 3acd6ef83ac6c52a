package org.signet.signoff.queue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One draft in a clinician's sign-off queue. Every text field holds tokens, never identifiers. */
@Entity
@Table(name = "queue_item")
public class QueueItem extends PanacheEntityBase {

    public enum State {
        PENDING_REVIEW, SIGNED, FILED, FILING_FAILED, REJECTED, EXPIRED;

        /** Whether the clinician may still edit, sign or reject. */
        public boolean reviewable() {
            return this == PENDING_REVIEW;
        }
    }

    @Id
    @Column(name = "draft_id")
    public UUID draftId;

    @Column(name = "vault_id")
    public UUID vaultId;

    /** User id (Keycloak subject) of the clinician who requested the draft. */
    @Column(name = "assigned_to")
    public String assignedTo;

    /** Patient reference token. */
    @Column(name = "patient_ref")
    public String patientRef;

    /** Patient name token, re-identified for display; null when the chart had no name. */
    @Column(name = "patient_display")
    public String patientDisplay;

    @Column(name = "encounter_ref")
    public String encounterRef;

    /** The banner's second identifiers and the encounter's date, as tokens; null when the draft came without. */
    @Column(name = "birth_date")
    public String birthDate;

    public String mrn;

    @Column(name = "encounter_date")
    public String encounterDate;

    /** The encounter's type as the chart context shows it (no identifier). */
    @Column(name = "encounter_type")
    public String encounterType;

    @Column(name = "note_type")
    public String noteType;

    public String purpose;

    @Column(name = "purpose_version")
    public int purposeVersion;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "model_name")
    public String modelName;

    @Column(name = "model_version")
    public String modelVersion;

    @Column(name = "prompt_template_id")
    public String promptTemplateId;

    @Column(name = "prompt_template_version")
    public Integer promptTemplateVersion;

    @Column(name = "ai_generated")
    public boolean aiGenerated;

    /** The trace the draft belongs to (W3C traceparent of its drafts.ready record), which its filing continues. */
    @Column(name = "trace_parent")
    public String traceParent;

    @Enumerated(EnumType.STRING)
    public State state;

    /** The draft as the model wrote it (pseudonymized), kept for edit metrics. */
    @Column(name = "draft_text")
    public String draftText;

    /** {@link org.signet.contracts.DraftEvidence} as JSON (tokens only); null for a draft sent without it. */
    public String evidence;

    /** The clinician's answers to the omission check: a JSON list of {@code NoteSigned.OmissionDecision}. */
    @Column(name = "omission_decisions")
    public String omissionDecisions;

    /** When the assigned clinician was first shown the evidence. */
    @Column(name = "evidence_shown_at")
    public Instant evidenceShownAt;

    /** The text as the clinician last saved it (pseudonymized). */
    @Column(name = "current_text")
    public String currentText;

    /** When scribe-service stored the draft: "ready" for the time-to-sign metric. */
    @Column(name = "draft_created_at")
    public Instant draftCreatedAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** When the draft expires unreviewed, if its purpose sets its own period; null: the queue's default. */
    @Column(name = "review_deadline")
    public Instant reviewDeadline;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "signed_by")
    public String signedBy;

    @Column(name = "signer_fhir_user")
    public String signerFhirUser;

    @Column(name = "signed_at")
    public Instant signedAt;

    /** Hex SHA-256 of the signed (pseudonymized) text, UTF-8. */
    @Column(name = "content_sha256")
    public String contentSha256;

    @Column(name = "rejected_at")
    public Instant rejectedAt;

    /** The clinician's reason, pseudonymized into the draft's vault. */
    @Column(name = "rejection_reason")
    public String rejectionReason;

    @Column(name = "document_reference_id")
    public String documentReferenceId;

    @Column(name = "filed_at")
    public Instant filedAt;

    @Column(name = "filing_failure_reason")
    public String filingFailureReason;

    @Column(name = "filing_failure_permanent")
    public Boolean filingFailurePermanent;

    @Column(name = "filing_attempts")
    public Integer filingAttempts;

    @Column(name = "expired_at")
    public Instant expiredAt;

    @Version
    public long version;

    /** What {@code GET /v1/queue} may filter on; null fields do not filter. */
    public record Filter(State state, String patientRef, Instant from, Instant to) {}

    public static Uni<List<QueueItem>> assignedTo(String userId, Filter filter) {
        StringBuilder query = new StringBuilder("assignedTo = :user");
        Parameters params = Parameters.with("user", userId);
        if (filter.state() != null) {
            query.append(" and state = :state");
            params.and("state", filter.state());
        }
        if (filter.patientRef() != null) {
            query.append(" and patientRef = :patient");
            params.and("patient", filter.patientRef());
        }
        if (filter.from() != null) {
            query.append(" and receivedAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            query.append(" and receivedAt < :to");
            params.and("to", filter.to());
        }
        query.append(" order by receivedAt desc");
        return list(query.toString(), params);
    }

    /**
     * Items still waiting for review past their time: their purpose's deadline, or (when it set none) received before
     * {@code cutoff}.
     */
    public static Uni<List<QueueItem>> pendingPast(Instant now, Instant cutoff, int limit) {
        return find("state = ?1 and (reviewDeadline < ?2 or (reviewDeadline is null and receivedAt < ?3)) "
                + "order by receivedAt", State.PENDING_REVIEW, now, cutoff).page(0, limit).list();
    }
}
