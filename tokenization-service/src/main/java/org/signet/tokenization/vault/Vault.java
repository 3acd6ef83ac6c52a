package org.signet.tokenization.vault;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * The token vault of one draft job. Its data key is stored only wrapped by a KEK; shredding destroys the
 * wrapped key, after which no entry of the vault can be decrypted.
 */
@Entity
@Table(name = "vault")
public class Vault extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The EHR's patient resource id (e.g. {@code Patient/123}), never a name or MRN. */
    @Column(name = "patient_ref", nullable = false)
    public String patientRef;

    /** User id (Keycloak subject) of the requesting clinician. */
    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Column(name = "retention_policy", nullable = false)
    public String retentionPolicy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "kek_id")
    public String kekId;

    @Column(name = "wrapped_data_key")
    public byte[] wrappedDataKey;

    /** The per-patient date offset, encrypted under the data key. */
    @Column(name = "date_shift")
    public byte[] dateShift;

    @Column(name = "shredded_at")
    public Instant shreddedAt;

    /** The service account that created the vault; with {@link #idempotencyKey}, what makes a create repeatable. */
    @Column(name = "created_by")
    public String createdBy;

    /** The create request's {@code Idempotency-Key}, if it sent one. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Version
    public long version;

    public boolean isShredded() {
        return shreddedAt != null;
    }

    public WrappedKey wrappedKey() {
        return new WrappedKey(kekId, wrappedDataKey);
    }
}
