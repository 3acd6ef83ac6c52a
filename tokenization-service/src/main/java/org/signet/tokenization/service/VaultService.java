package org.signet.tokenization.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.signet.tokenization.config.TokenizationConfig;
import org.signet.tokenization.vault.AesGcm;
import org.signet.tokenization.vault.KekProvider;
import org.signet.tokenization.vault.Vault;
import org.signet.tokenization.vault.WrappedKey;

/** Vault lifecycle: create with a fresh data key wrapped by the active KEK. */
@ApplicationScoped
public class VaultService {

    private final KekProvider kek;
    private final TokenizationConfig config;

    public VaultService(KekProvider kek, TokenizationConfig config) {
        this.kek = kek;
        this.config = config;
    }

    @WithTransaction
    public Uni<Vault> create(String patientRef, String ownerId, String retentionPolicy, Duration ttl) {
        byte[] dataKey = AesGcm.newKey();
        WrappedKey wrapped;
        try {
            wrapped = kek.wrap(dataKey);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
        Vault vault = new Vault();
        vault.id = UUID.randomUUID();
        vault.patientRef = patientRef;
        vault.ownerId = ownerId;
        vault.retentionPolicy = retentionPolicy == null ? config.vaults().defaultRetentionPolicy() : retentionPolicy;
        vault.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        vault.expiresAt = vault.createdAt.plus(ttl == null ? config.vaults().defaultTtl() : ttl);
        vault.kekId = wrapped.kekId();
        vault.wrappedDataKey = wrapped.ciphertext();
        return vault.persist();
    }
}
