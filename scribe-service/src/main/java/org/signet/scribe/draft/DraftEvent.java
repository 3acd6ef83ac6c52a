package org.signet.scribe.draft;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One recorded step of a draft job. */
@Entity
@Table(name = "draft_event")
public class DraftEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;

    @Column(name = "job_id")
    public UUID jobId;

    @Enumerated(EnumType.STRING)
    public DraftState state;

    /** PHI-free detail, e.g. counts or a refusal reason. */
    public String detail;

    public Instant at;

    public static Uni<List<DraftEvent>> after(UUID jobId, long afterPk) {
        return list("jobId = ?1 and pk > ?2 order by pk", jobId, afterPk);
    }
}
