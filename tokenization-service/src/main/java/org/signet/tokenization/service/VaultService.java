package org.signet.tokenization.service;

import org.signet.kit.DomainException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.signet.tokenization.config.TokenizationConfig;
import org.signet.tokenization.vault.AesGcm;
import org.signet.tokenization.vault.KekProvider;
import org.signet.tokenization.vault.Vault;
import org.signet.tokenization.vault.VaultEntry;
import org.signet.tokenization.vault.VaultReader;
import org.signet.tokenization.vault.VaultSession;
import org.signet.tokenization.vault.VaultSessions;
import org.signet.tokenization.vault.WrappedKey;

/**
 * Vault lifecycle: create with a fresh data key wrapped by the active KEK, open for one request's work
 * (tokens issued in it are stored in the same transaction), add reviewers, shred, re-wrap on KEK rotation.
 */
@ApplicationScoped
public class VaultService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KekProvider kek;
    private final TokenizationConfig config;

    public VaultService(KekProvider kek, TokenizationConfig config) {
        this.kek = kek;
        this.config = config;
    }

    /** A live vault opened for one request, with who may re-identify it. */
    public record OpenVault(Vault vault, Set<String> readers, VaultSession session) {}

    /** A vault a create opened, and whether it was this create (not an earlier one with the same key). */
    public record Created(Vault vault, boolean replayed) {}

    /**
     * Opens a vault; with an {@code idempotencyKey}, a create {@code client} already made with that key answers the
     * vault it opened then ({@code replayed}), so a create repeated after a lost connection opens no second vault.
     *
     * @throws DomainException 422 when the key was used for another patient or owner; 409 when its vault has been
     *                         shredded
     */
    public Uni<Created> create(String client, String idempotencyKey, String patientRef, String ownerId,
            String retentionPolicy, Duration ttl) {
        if (idempotencyKey == null) {
            return open(client, null, patientRef, ownerId, retentionPolicy, ttl).map(v -> new Created(v, false));
        }
        return byKey(client, idempotencyKey).chain(earlier -> earlier != null
                ? Uni.createFrom().item(replay(earlier, patientRef, ownerId))
                : open(client, idempotencyKey, patientRef, ownerId, retentionPolicy, ttl)
                        .map(v -> new Created(v, false))
                        // the same key at the same moment from another replica: the index let one in; answer it
                        .onFailure(VaultService::uniqueViolation).recoverWithUni(() -> byKey(client, idempotencyKey)
                                .map(winner -> replay(winner, patientRef, ownerId))));
    }

    @WithSession
    Uni<Vault> byKey(String client, String idempotencyKey) {
        return Vault.<Vault>find("createdBy = ?1 and idempotencyKey = ?2", client, idempotencyKey).firstResult();
    }

    private static Created replay(Vault earlier, String patientRef, String ownerId) {
        if (!earlier.patientRef.equals(patientRef) || !earlier.ownerId.equals(ownerId)) {
            throw DomainException.unprocessable("This Idempotency-Key was already used to create a vault for another "
                    + "request.");
        }
        if (earlier.isShredded()) {
            throw DomainException.conflict("The vault this Idempotency-Key created has been shredded.");
        }
        return new Created(earlier, true);
    }

    private static boolean uniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            // Hibernate Reactive reports it as a JDBCException over an SQLException; the Vert.x client as itself
            String state = t instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState()
                    : t instanceof java.sql.SQLException sql ? sql.getSQLState()
                    : t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
            if ("23505".equals(state)) {
                return true;
            }
        }
        return false;
    }

    @WithTransaction
    Uni<Vault> open(String client, String idempotencyKey, String patientRef, String ownerId, String retentionPolicy,
            Duration ttl) {
        byte[] dataKey = AesGcm.newKey();
        try {
            WrappedKey wrapped = kek.wrap(dataKey);
            Vault vault = new Vault();
            vault.id = UUID.randomUUID();
            vault.createdBy = client;
            vault.idempotencyKey = idempotencyKey;
            vault.patientRef = patientRef;
            vault.ownerId = ownerId;
            vault.retentionPolicy = retentionPolicy == null ? config.vaults().defaultRetentionPolicy()
                    : retentionPolicy;
            vault.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            vault.expiresAt = vault.createdAt.plus(ttl == null ? config.vaults().defaultTtl() : ttl);
            vault.kekId = wrapped.kekId();
            vault.wrappedDataKey = wrapped.ciphertext();
            vault.dateShift = VaultSessions.encryptDateShift(dataKey, vault.id, randomShift());
            return vault.persist();
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Sets how long a live vault is kept, counted from when it was opened (its purpose's retention, known to the
     * drafting service only once the chart is read); an expiry already past shreds it at the next purge.
     */
    @WithTransaction
    public Uni<Vault> retain(UUID id, String retentionPolicy, Duration ttl) {
        return Vault.<Vault>findById(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("vault"))
                .invoke(VaultService::requireLive)
                .invoke(vault -> {
                    vault.retentionPolicy = retentionPolicy;
                    vault.expiresAt = vault.createdAt.plus(ttl);
                });
    }

    /**
     * Runs {@code work} on an open vault inside one transaction and stores the tokens it issued. With
     * {@code issuesTokens} the vault row is locked first, so two requests never number tokens alike.
     */
    @WithTransaction
    public <R> Uni<R> withVault(UUID id, boolean issuesTokens, Function<OpenVault, Uni<R>> work) {
        return open(id, issuesTokens).chain(open -> work.apply(open)
                .call(result -> {
                    List<VaultEntry> added = open.session().added();
                    return added.isEmpty() ? Uni.createFrom().voidItem() : Panache.getSession()
                            .chain(session -> session.persistAll(added.toArray()));
                })
                .eventually(() -> open.session().close()));
    }

    /**
     * Runs {@code work} on a vault it only reads and issues no tokens in (the PHI guard): no transaction, no lock and
     * no readers list (the {@link OpenVault} has none, so it cannot authorise a re-identification).
     */
    @WithSession
    public <R> Uni<R> withVaultToRead(UUID id, Function<OpenVault, Uni<R>> work) {
        return VaultEntry.vaultWithEntries(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("vault"))
                .invoke(found -> requireLive(found.vault()))
                .map(found -> new OpenVault(found.vault(), Set.of(), VaultSessions.open(found.vault(), kek,
                        found.entries())))
                .chain(open -> work.apply(open).eventually(() -> open.session().close()));
    }

    /** The live vault (locked if asked) with its readers and entries. */
    private Uni<OpenVault> open(UUID id, boolean lock) {
        Uni<Vault> vault = lock ? Vault.<Vault>findById(id, LockModeType.PESSIMISTIC_WRITE) : Vault.findById(id);
        return vault.onItem().ifNull().failWith(() -> DomainException.notFound("vault"))
                .invoke(v -> requireLive(v))
                .chain(v -> VaultReader.readersOf(id)
                        .chain(readers -> VaultEntry.ofVault(id).map(entries -> new OpenVault(v, readers,
                                VaultSessions.open(v, kek, entries)))));
    }

    /** Destroys the vault's wrapped data key (and with it every original): crypto-shredding. */
    @WithTransaction
    public Uni<Vault> shred(UUID id) {
        return Vault.<Vault>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> DomainException.notFound("vault"))
                .call(vault -> vault.isShredded() ? Uni.createFrom().voidItem() : shredInPlace(vault));
    }

    @WithTransaction
    public Uni<Vault> addReader(UUID id, String userId) {
        return Vault.<Vault>findById(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("vault"))
                .invoke(VaultService::requireLive)
                .call(vault -> VaultReader.add(id, userId));
    }

    /**
     * Shreds every vault past its expiry; returns how many. The expired vaults are locked {@code SKIP LOCKED}: with
     * several replicas running the job at once, each shreds the vaults no other one holds, so every vault is shredded
     * (and counted) once.
     */
    @WithTransaction
    public Uni<Integer> shredExpired(Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select * from vault.vault "
                + "where shredded_at is null and expires_at <= :now for update skip locked", Vault.class)
                .setParameter("now", now).getResultList()).chain(vaults -> {
            // one reactive session runs one statement at a time: shred in sequence
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Vault vault : vaults) {
                all = all.chain(() -> shredInPlace(vault));
            }
            return all.replaceWith(vaults.size());
        });
    }

    /** Re-wraps every live vault's data key under the active KEK; entries are not touched. */
    @WithTransaction
    public Uni<Integer> rewrapAll() {
        return Vault.<Vault>list("shreddedAt is null and kekId <> ?1", kek.activeKekId())
                .invoke(vaults -> vaults.forEach(vault -> {
                    WrappedKey rewrapped = kek.rewrap(vault.wrappedKey());
                    vault.kekId = rewrapped.kekId();
                    vault.wrappedDataKey = rewrapped.ciphertext();
                }))
                .map(List::size);
    }

    private Uni<Void> shredInPlace(Vault vault) {
        vault.wrappedDataKey = null;
        vault.kekId = null;
        vault.dateShift = null;
        vault.shreddedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // The entries are undecryptable now; delete them too so no ciphertext outlives its retention.
        return VaultEntry.delete("vaultId", vault.id).replaceWithVoid();
    }

    private static void requireLive(Vault vault) {
        if (vault.isShredded()) {
            throw DomainException.gone("Vault " + vault.id + " was shredded; its tokens cannot be re-identified.");
        }
        if (vault.expiresAt.isBefore(Instant.now())) {
            throw DomainException.gone("Vault " + vault.id + " expired at " + vault.expiresAt + ".");
        }
    }

    private int randomShift() {
        int max = config.dateShift().maxDays();
        int days = 1 + RANDOM.nextInt(max);
        return RANDOM.nextBoolean() ? days : -days;
    }
}
