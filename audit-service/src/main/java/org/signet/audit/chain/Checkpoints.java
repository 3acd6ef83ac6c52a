package org.signet.audit.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Signs the chain's head every {@code signet.audit.checkpoint.every} (when it moved) and keeps the checkpoint twice:
 * in table {@code checkpoint}, and the latest one in a witness file outside the database. A tail removed together
 * with its checkpoints still shows: the witness names a link the chain no longer has.
 */
@ApplicationScoped
public class Checkpoints {

    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mutiny.SessionFactory sessions;
    private final AuditLedger ledger;
    private final CheckpointKey key;
    private final Path witnessFile;

    public Checkpoints(Mutiny.SessionFactory sessions, AuditLedger ledger, CheckpointKey key,
            @ConfigProperty(name = "signet.audit.checkpoint.witness-file") Path witnessFile) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.key = key;
        this.witnessFile = witnessFile;
    }

    /** pg_advisory_xact_lock key of checkpointing ("ckpt" in ASCII), apart from the chain's own. */
    static final long CHECKPOINT_LOCK = 0x636b7074L;

    /** The latest checkpoint as the witness file keeps it. */
    public record Witness(long seq, String headHash, String signedAt, String keyId, String signature) {}

    @Scheduled(identity = "audit-checkpoint", every = "${signet.audit.checkpoint.every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return checkpoint().replaceWithVoid();
    }

    /**
     * Signs the current head if no checkpoint covers it yet; answers the newest checkpoint, if any. Replicas take
     * turns ({@link #CHECKPOINT_LOCK}): the one that waited finds the head covered and signs nothing.
     */
    public Uni<Optional<Checkpoint>> checkpoint() {
        Checkpoint[] signed = new Checkpoint[1];
        return sessions.withTransaction(session -> session
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) locked", Integer.class)
                .setParameter(1, CHECKPOINT_LOCK).getSingleResult()
                .chain(ledger::head).chain(head -> latest().chain(last -> {
                    if (head.seq() == 0 || last.isPresent() && last.get().seq >= head.seq()) {
                        return Uni.createFrom().item(last);
                    }
                    Instant now = Instant.now();
                    // the signed time is the canonical (microsecond) one, so the stored value verifies as signed
                    Instant signedAt = Instant.parse(CanonicalRecord.instant(now));
                    signed[0] = new Checkpoint(head.seq(), head.hash(),
                            OffsetDateTime.ofInstant(signedAt, ZoneOffset.UTC), key.keyId(),
                            key.sign(head.seq(), head.hash(), signedAt));
                    return session.persist(signed[0]).replaceWith(Optional.of(signed[0]));
                })))
                .invoke(() -> {
                    if (signed[0] != null) { // committed: now the witness may name it
                        writeWitness(signed[0]);
                        LOG.debugf("checkpoint at link %d", signed[0].seq);
                    }
                });
    }

    /** Every checkpoint, oldest first. */
    public Uni<List<Checkpoint>> all() {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                "from Checkpoint c order by c.seq", Checkpoint.class).getResultList());
    }

    public Uni<Optional<Checkpoint>> latest() {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                "from Checkpoint c order by c.seq desc", Checkpoint.class).setMaxResults(1).getResultList())
                .map(rows -> rows.stream().findFirst());
    }

    /** The witness file's checkpoint, if this store has written one. */
    public Optional<Witness> witness() {
        if (!Files.exists(witnessFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(witnessFile.toFile(), Witness.class));
        } catch (IOException e) {
            throw new UncheckedIOException("the checkpoint witness " + witnessFile + " is unreadable", e);
        }
    }

    public boolean signatureHolds(Checkpoint checkpoint) {
        return key.keyId().equals(checkpoint.keyId)
                && key.verifies(checkpoint.seq, checkpoint.headHash, checkpoint.signedAt.toInstant(),
                        checkpoint.signature);
    }

    private void writeWitness(Checkpoint checkpoint) {
        Witness witness = new Witness(checkpoint.seq, HexFormat.of().formatHex(checkpoint.headHash),
                CanonicalRecord.instant(checkpoint.signedAt.toInstant()), checkpoint.keyId,
                Base64.getEncoder().encodeToString(checkpoint.signature));
        try {
            Files.createDirectories(witnessFile.toAbsolutePath().getParent());
            // a temporary file of its own: two replicas writing the one witness must not write into each other's
            Path next = Files.createTempFile(witnessFile.toAbsolutePath().getParent(), witnessFile.getFileName() + ".",
                    ".next");
            JSON.writeValue(next.toFile(), witness);
            Files.move(next, witnessFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the checkpoint is in the table; the next one rewrites the witness
            LOG.errorf("could not write the checkpoint witness %s: %s", witnessFile, e.getMessage());
        }
    }
}
