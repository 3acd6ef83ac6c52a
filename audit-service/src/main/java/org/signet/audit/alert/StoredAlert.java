package org.signet.audit.alert;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An alert as raised: listed to auditors, and the record that keeps one burst from alerting twice. */
@Entity
@Table(name = "alert")
public class StoredAlert {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String rule;

    @Column(nullable = false)
    public String severity;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false)
    public String summary;

    /** PHI-free key/values as JSON. */
    @Column(nullable = false)
    public String details;

    @Column(name = "raised_at", nullable = false)
    public OffsetDateTime raisedAt;

    /** Until when the same rule stays quiet about the same subject. */
    @Column(name = "quiet_until", nullable = false)
    public OffsetDateTime quietUntil;
}
