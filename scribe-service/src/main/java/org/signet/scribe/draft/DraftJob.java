package org.signet.scribe.draft;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A draft job and, once ready, its draft and lineage. Tokens only. */
@Entity
@Table(name = "draft_job")
public class DraftJob extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Keycloak subject of the clinician the draft is for. */
    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "vault_id")
    public UUID vaultId;

    /** Vault token of the patient reference, e.g. {@code [[PATIENT_REF_1]]}. */
    @Column(name = "patient_ref")
    public String patientRef;

    /** Vault token of the patient's name, for the sign-off queue to re-identify. */
    @Column(name = "patient_display")
    public String patientDisplay;

    /** The review banner's identifiers, as vault tokens: birth date, MRN, the encounter's date. */
    @Column(name = "birth_date_token")
    public String birthDateToken;

    @Column(name = "mrn_token")
    public String mrnToken;

    @Column(name = "encounter_date_token")
    public String encounterDateToken;

    /** The encounter's type as the pseudonymized context shows it. */
    @Column(name = "encounter_type")
    public String encounterType;

    @Column(name = "encounter_ref")
    public String encounterRef;

    public String purpose;

    @Column(name = "purpose_version")
    public Integer purposeVersion;

    @Column(name = "note_type")
    public String noteType;

    @Column(name = "provider_id")
    public String providerId;

    @Enumerated(EnumType.STRING)
    public DraftState state;

    /** Why it ended as it did: PHI-free. */
    public String reason;

    @Column(name = "model_name")
    public String modelName;

    @Column(name = "model_version")
    public String modelVersion;

    @Column(name = "ai_generated")
    public Boolean aiGenerated;

    @Column(name = "template_id")
    public String templateId;

    @Column(name = "template_version")
    public Integer templateVersion;

    @Column(name = "prompt_tokens")
    public Integer promptTokens;

    @Column(name = "completion_tokens")
    public Integer completionTokens;

    @Column(name = "model_latency_ms")
    public Long modelLatencyMs;

    @Column(name = "pipeline_ms")
    public Long pipelineMs;

    @Column(name = "draft_text")
    public String draftText;

    /** {@link org.signet.contracts.DraftEvidence} as JSON: the sources of each sentence and the encounter's facts. */
    public String evidence;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Days the draft may await review (its purpose's retention), passed on to signoff-service; null: its default. */
    @Column(name = "review_days")
    public Integer reviewDays;

    /** Days this job is kept once finished (its purpose's retention); null: {@code signet.scribe.retention}. */
    @Column(name = "retention_days")
    public Integer retentionDays;

    /**
     * Until when the instance running this job vouches for it, on the database's clock ({@link RunningJobs}). Written
     * only by DraftJobs' SQL, never by an entity update: a step's update must not write back a lease it read before a
     * renewal.
     */
    @Column(name = "lease_until", insertable = false, updatable = false)
    public Instant leaseUntil;

    /** When Kafka acknowledged its {@code drafts.ready}; null while a ready draft still waits to be sent. */
    @Column(name = "ready_published_at")
    public Instant readyPublishedAt;

    @Version
    public long version;
}
