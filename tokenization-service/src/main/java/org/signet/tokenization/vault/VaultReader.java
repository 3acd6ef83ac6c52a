package org.signet.tokenization.vault;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A user, besides the owner, allowed to re-identify a vault's tokens (a reviewer signoff-service added). */
@Entity
@Table(name = "vault_reader")
public class VaultReader extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "vault_id") UUID vaultId, @Column(name = "user_id") String userId)
            implements Serializable {}

    @EmbeddedId
    public Key key;

    @Column(name = "added_at")
    public Instant addedAt;

    public static Uni<Set<String>> readersOf(UUID vaultId) {
        return VaultReader.<VaultReader>list("key.vaultId", vaultId)
                .map(readers -> readers.stream().map(r -> r.key.userId()).collect(Collectors.toUnmodifiableSet()));
    }

    /** Adds the reader unless already there. */
    public static Uni<Void> add(UUID vaultId, String userId) {
        Key key = new Key(vaultId, userId);
        return VaultReader.<VaultReader>findById(key).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            VaultReader reader = new VaultReader();
            reader.key = key;
            reader.addedAt = Instant.now();
            return reader.persist().replaceWithVoid();
        });
    }
}
