package org.signet.audit.chain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * One stored audit event, link {@code seq} of the chain. Only {@code seq}, the canonical text and the two hashes are
 * written; the search columns are derived by a trigger from the canonical text, so they cannot disagree with it.
 */
@Entity
@Table(name = "audit_record")
public class AuditRecord {

    @Id
    public long seq;

    @Column(name = "record_json", nullable = false)
    public String recordJson;

    @Column(name = "prev_hash", nullable = false)
    public byte[] prevHash;

    @Column(nullable = false)
    public byte[] hash;

    @Column(name = "event_id", insertable = false, updatable = false)
    public UUID eventId;

    @Column(name = "occurred_at", insertable = false, updatable = false)
    public String occurredAt;

    @Column(insertable = false, updatable = false)
    public String service;

    @Column(insertable = false, updatable = false)
    public String actor;

    @Column(insertable = false, updatable = false)
    public String action;

    @Column(insertable = false, updatable = false)
    public String outcome;

    @Column(name = "patient_ref", insertable = false, updatable = false)
    public String patientRef;

    @Column(insertable = false, updatable = false)
    public String purpose;

    @Column(insertable = false, updatable = false)
    public String resource;

    @Column(insertable = false, updatable = false)
    public String provider;

    @Column(name = "vault_id", insertable = false, updatable = false)
    public String vaultId;

    @Column(name = "draft_id", insertable = false, updatable = false)
    public String draftId;

    protected AuditRecord() {}

    public AuditRecord(long seq, String recordJson, byte[] prevHash, byte[] hash) {
        this.seq = seq;
        this.recordJson = recordJson;
        this.prevHash = prevHash;
        this.hash = hash;
    }
}
