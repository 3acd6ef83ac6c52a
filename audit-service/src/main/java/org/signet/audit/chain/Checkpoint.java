package org.signet.audit.chain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A signed chain head: record {@code seq} had hash {@code headHash} when the store signed it. */
@Entity
@Table(name = "checkpoint")
public class Checkpoint {

    @Id
    public long seq;

    @Column(name = "head_hash", nullable = false)
    public byte[] headHash;

    @Column(name = "signed_at", nullable = false)
    public OffsetDateTime signedAt;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(nullable = false)
    public byte[] signature;

    protected Checkpoint() {}

    public Checkpoint(long seq, byte[] headHash, OffsetDateTime signedAt, String keyId, byte[] signature) {
        this.seq = seq;
        this.headHash = headHash;
        this.signedAt = signedAt;
        this.keyId = keyId;
        this.signature = signature;
    }
}
