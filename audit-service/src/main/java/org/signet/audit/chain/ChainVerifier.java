package org.signet.audit.chain;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Walks the whole chain in sequence order and names the first broken link: a record whose hash is not SHA-256 of
 * its predecessor's hash, its number and its text (altered), a number skipped (removed), a link that does not
 * point at its predecessor (re-linked), and checkpoints whose head the chain no longer has (a removed tail, or a
 * chain rebuilt after an edit) or whose signature fails.
 */
@ApplicationScoped
public class ChainVerifier {

    private static final int PAGE = 5_000;

    private final Mutiny.SessionFactory sessions;
    private final Checkpoints checkpoints;

    public ChainVerifier(Mutiny.SessionFactory sessions, Checkpoints checkpoints) {
        this.sessions = sessions;
        this.checkpoints = checkpoints;
    }

    /** What a walk found. {@code firstBreak} is null when the chain is intact. */
    public record Report(boolean intact, long records, long headSeq, String headHash, int checkpoints,
            Long lastCheckpointSeq, Break firstBreak, Instant verifiedAt, long millis) {}

    /**
     * The first broken link.
     *
     * @param seq     the link's sequence number (for a removed tail: the first link the chain no longer has)
     * @param problem {@code altered}, {@code missing}, {@code relinked}, {@code truncated},
     *                {@code checkpoint-mismatch}, {@code bad-signature} or {@code checkpoint-missing}
     * @param detail  one sentence, no event content
     */
    public record Break(long seq, String problem, String detail) {}

    /** Mutable state of one walk. */
    private static final class Walk {
        final List<Checkpoint> checkpoints;
        int nextCheckpoint;
        long lastSeq;
        byte[] lastHash = CanonicalRecord.GENESIS;
        long records;
        Break firstBreak;

        Walk(List<Checkpoint> checkpoints) {
            this.checkpoints = checkpoints;
        }
    }

    public Uni<Report> verify() {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        return checkpoints.all().chain(all -> {
            Walk walk = new Walk(all);
            return page(walk).map(ignored -> finish(walk, started, startNanos));
        });
    }

    private Uni<Void> page(Walk walk) {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                "select r.seq, r.prevHash, r.hash, r.recordJson from AuditRecord r where r.seq > :after "
                        + "order by r.seq", Object[].class)
                .setParameter("after", walk.lastSeq).setMaxResults(PAGE).getResultList())
                .chain(rows -> {
                    for (Object[] row : rows) {
                        check(walk, (Long) row[0], (byte[]) row[1], (byte[]) row[2], (String) row[3]);
                    }
                    return rows.size() < PAGE ? Uni.createFrom().voidItem() : page(walk);
                });
    }

    private void check(Walk walk, long seq, byte[] prevHash, byte[] hash, String canonical) {
        walk.records++;
        if (walk.firstBreak == null) {
            if (seq != walk.lastSeq + 1) {
                walk.firstBreak = new Break(walk.lastSeq + 1, "missing", seq - walk.lastSeq - 1 == 1
                        ? "link " + (walk.lastSeq + 1) + " is missing"
                        : "links " + (walk.lastSeq + 1) + " to " + (seq - 1) + " are missing");
            } else if (!Arrays.equals(prevHash, walk.lastHash)) {
                walk.firstBreak = new Break(seq, "relinked", "link " + seq + " does not point at link "
                        + walk.lastSeq);
            } else if (!Arrays.equals(hash, CanonicalRecord.link(prevHash, seq, canonical))) {
                walk.firstBreak = new Break(seq, "altered", "link " + seq
                        + "'s record is not the one its hash was made over");
            }
        }
        while (walk.nextCheckpoint < walk.checkpoints.size()
                && walk.checkpoints.get(walk.nextCheckpoint).seq <= seq) {
            Checkpoint checkpoint = walk.checkpoints.get(walk.nextCheckpoint++);
            if (walk.firstBreak == null && checkpoint.seq == seq && !Arrays.equals(checkpoint.headHash, hash)) {
                walk.firstBreak = new Break(seq, "checkpoint-mismatch", "the checkpoint signed at link " + seq
                        + " names another hash: the chain up to it was rebuilt");
            }
        }
        walk.lastSeq = seq;
        walk.lastHash = hash;
    }

    private Report finish(Walk walk, Instant started, long startNanos) {
        if (walk.firstBreak == null) {
            walk.firstBreak = checkpointBreak(walk);
        }
        Long lastCheckpoint = walk.checkpoints.isEmpty() ? null
                : walk.checkpoints.get(walk.checkpoints.size() - 1).seq;
        return new Report(walk.firstBreak == null, walk.records, walk.lastSeq,
                HexFormat.of().formatHex(walk.lastHash), walk.checkpoints.size(), lastCheckpoint, walk.firstBreak,
                started, Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }

    /** Signatures, and checkpoints (in the table or the witness file) beyond the chain's end. */
    private Break checkpointBreak(Walk walk) {
        for (Checkpoint checkpoint : walk.checkpoints) {
            if (!checkpoints.signatureHolds(checkpoint)) {
                return new Break(checkpoint.seq, "bad-signature", "the checkpoint at link " + checkpoint.seq
                        + " is not signed by this store's key");
            }
            if (checkpoint.seq > walk.lastSeq) {
                return new Break(walk.lastSeq + 1, "truncated", "a checkpoint was signed at link " + checkpoint.seq
                        + " but the chain ends at link " + walk.lastSeq);
            }
        }
        Optional<Checkpoints.Witness> witness = checkpoints.witness();
        if (witness.isPresent()) {
            long seq = witness.get().seq();
            if (seq > walk.lastSeq) {
                return new Break(walk.lastSeq + 1, "truncated", "the checkpoint witness names link " + seq
                        + " but the chain ends at link " + walk.lastSeq);
            }
            boolean kept = walk.checkpoints.stream().anyMatch(c -> c.seq == seq
                    && HexFormat.of().formatHex(c.headHash).equals(witness.get().headHash()));
            if (!kept) {
                return new Break(seq, "checkpoint-missing", "the checkpoint witness names link " + seq
                        + ", which no stored checkpoint matches");
            }
        }
        return null;
    }
}
