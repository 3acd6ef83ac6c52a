package org.signet.tokenization.vault;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One token of a vault: its type, the keyed lookup HMAC and the encrypted original. */
@Entity
@Table(name = "vault_entry")
public class VaultEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;

    @Column(name = "vault_id")
    public UUID vaultId;

    public String token;

    @Column(name = "token_type")
    public String tokenType;

    @Column(name = "phi_type")
    public String phiType;

    @Column(name = "lookup_hmac")
    public byte[] lookupHmac;

    public byte[] ciphertext;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Read-only: entries never change once written, so the session keeps no snapshots of them to dirty-check. */
    public static Uni<List<VaultEntry>> ofVault(UUID vaultId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from VaultEntry where vaultId = ?1 order by pk", VaultEntry.class)
                .setParameter(1, vaultId).setReadOnly(true).getResultList());
    }

    /** A vault read together with its entries (in the order they were written). */
    public record VaultWithEntries(Vault vault, List<VaultEntry> entries) {}

    /**
     * The vault and its entries in one query (one database round trip instead of two), read-only and without a lock:
     * for reads that issue no tokens. Null if there is no such vault.
     */
    public static Uni<VaultWithEntries> vaultWithEntries(UUID vaultId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select v, e from Vault v left join VaultEntry e on e.vaultId = v.id "
                        + "where v.id = ?1 order by e.pk", Object[].class)
                .setParameter(1, vaultId).setReadOnly(true).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    List<VaultEntry> entries = new java.util.ArrayList<>(rows.size());
                    for (Object[] row : rows) {
                        if (row[1] != null) { // a vault without entries comes back as one row with none
                            entries.add((VaultEntry) row[1]);
                        }
                    }
                    return new VaultWithEntries((Vault) rows.get(0)[0], entries);
                });
    }
}
