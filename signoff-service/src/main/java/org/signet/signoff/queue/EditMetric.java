package org.signet.signoff.queue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** How much a clinician changed one AI draft before signing it, and how long review took. No text. */
@Entity
@Table(name = "edit_metric")
public class EditMetric extends PanacheEntityBase {

    @Id
    @Column(name = "draft_id")
    public UUID draftId;

    public String clinician;

    @Column(name = "note_type")
    public String noteType;

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

    @Column(name = "draft_words")
    public int draftWords;

    @Column(name = "final_words")
    public int finalWords;

    @Column(name = "word_edit_distance")
    public int wordEditDistance;

    /** Word edit distance over the longer text's word count: 0 unchanged, 1 rewritten. */
    @Column(name = "edit_ratio")
    public double editRatio;

    @Column(name = "ms_to_sign")
    public long msToSign;

    @Column(name = "signed_at")
    public Instant signedAt;
}
