package org.signet.signoff.queue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
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

    public enum State { PENDING_REVIEW, SIGNED, FILED, FILING_FAILED, REJECTED, EXPIRED }

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

    @Column(name = "encounter_ref")
    public String encounterRef;

    @Column(name = "note_type")
    public String noteType;

    public String purpose;

    @Enumerated(EnumType.STRING)
    public State state;

    /** The draft as the model wrote it (pseudonymized), kept for edit metrics. */
    @Column(name = "draft_text")
    public String draftText;

    /** The text as the clinician last saved it (pseudonymized). */
    @Column(name = "current_text")
    public String currentText;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    public static Uni<List<QueueItem>> assignedTo(String userId) {
        return list("assignedTo = ?1 order by receivedAt desc", userId);
    }
}
