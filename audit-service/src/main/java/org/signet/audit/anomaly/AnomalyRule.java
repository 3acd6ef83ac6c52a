package org.signet.audit.anomaly;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One anomaly rule's settings, as the auditor last set them. */
@Entity
@Table(name = "anomaly_rule")
public class AnomalyRule {

    @Id
    public String id;

    @Column(nullable = false)
    public String description;

    @Column(nullable = false)
    public int threshold;

    @Column(name = "window_minutes", nullable = false)
    public int windowMinutes;

    @Column(nullable = false)
    public boolean enabled;

    /** Rule-specific settings, JSON (after-hours: {@code workdayStart}, {@code workdayEnd}, {@code zone}). */
    @Column(nullable = false)
    public String settings;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
