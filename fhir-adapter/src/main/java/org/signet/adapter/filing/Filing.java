package org.signet.adapter.filing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The write-back inbox/outbox row of one signed note; the draft id makes filing idempotent. */
@Entity
@Table(name = "filing")
public class Filing extends PanacheEntityBase {

    /** Where the note is on its way into the EHR. */
    public enum State { RECEIVED, FILED, FAILED_RETRYING, FAILED_PERMANENT }

    @Id
    @Column(name = "draft_id")
    public UUID draftId;

    @Enumerated(EnumType.STRING)
    public State state;

    /** The {@code notes.signed} record's JSON as received (tokens only), for scheduled retries. */
    public String message;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "document_reference_id")
    public String documentReferenceId;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * Failing notes whose next attempt is due, locked for the caller's transaction. {@code SKIP LOCKED}: with several
     * replicas, each takes rows no other one holds, so a note is never retried by two at once.
     */
    public static Uni<List<Filing>> due(Instant now, int max) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select * from adapter.filing "
                + "where state = :state and next_attempt_at <= :now order by next_attempt_at limit :max "
                + "for update skip locked", Filing.class)
                .setParameter("state", State.FAILED_RETRYING.name())
                .setParameter("now", now)
                .setParameter("max", max)
                .getResultList());
    }
}
