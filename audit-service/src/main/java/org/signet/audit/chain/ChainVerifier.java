package org.signet.audit.chain;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Walks the whole chain in sequence order and names the first broken link: a record whose hash is not SHA-256 of
 * its predecessor's hash, its number and its text (altered), a number skipped (removed), a link that does not
 * point at its predecessor (re-linked), and checkpoints whose head the chain no longer has (a removed tail, or a
 * chain rebuilt after an edit) or whose signature fails.
 */
@ApplicationScoped
public class ChainVerifier {


    private final Pool client;
    private final Checkpoints checkpoints;
    private final int pageSize;

    public ChainVerifier(Pool client, Checkpoints checkpoints,
            @ConfigProperty(name = "signet.audit.verify.page-size", defaultValue = "10000") int pageSize) {
        this.client = client;
        this.checkpoints = checkpoints;
        this.pageSize = pageSize;
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
        final Optional<Checkpoints.Witness> witness;
        final CanonicalRecord.Linker linker = new CanonicalRecord.Linker();
        int nextCheckpoint;
        long lastSeq;
        byte[] lastHash = CanonicalRecord.GENESIS;
        long records;
        Break firstBreak;

        Walk(List<Checkpoint> checkpoints, Optional<Checkpoints.Witness> witness) {
            this.checkpoints = checkpoints;
            this.witness = witness;
        }
    }

    public Uni<Report> verify() {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        // pages are read on this Vert.x context (Hibernate Reactive's) and hashed on a worker, the next page being
        // read while the last is hashed: on two cores the database and the hashing each get one
        Context context = Vertx.currentContext();
        Executor back = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        // the witness first, then the checkpoints, then the chain: each is written before the next is read (a
        // checkpoint is committed before its witness is written, and names a link already committed), so a
        // checkpoint taken while this walk runs cannot look like a missing one or a truncated chain
        Optional<Checkpoints.Witness> witness = checkpoints.witness();
        return checkpoints.all().chain(all -> {
            Walk walk = new Walk(all, witness);
            return walk(walk, fetch(0), back).map(ignored -> finish(walk, started, startNanos));
        });
    }

    private Uni<Void> walk(Walk walk, Uni<List<Object[]>> page, Executor back) {
        return page.chain(rows -> {
            Uni<List<Object[]>> next = null;
            if (rows.size() == pageSize) {
                next = fetch((Long) rows.get(rows.size() - 1)[0]).memoize().indefinitely();
                next.subscribe().with(ignored -> { }, ignored -> { }); // starts the read; the walk takes its result
            }
            Uni<List<Object[]>> following = next;
            return Uni.createFrom().item(() -> {
                for (Object[] row : rows) {
                    check(walk, (Long) row[0], (byte[]) row[1], (byte[]) row[2], (byte[]) row[3]);
                }
                // each page stays referenced by the walk's chain of stages until the walk ends: emptied once
                // checked, a walk holds one page or two, however long the trail
                rows.clear();
                return rows;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).emitOn(back)
                    .chain(checked -> following == null ? Uni.createFrom().voidItem() : walk(walk, following, back));
        });
    }

    /**
     * One page, read with the reactive client itself: a walk needs four columns of ten thousand rows, not entities,
     * and the canonical text as the UTF-8 bytes it is hashed over (no decoding into a String and encoding back).
     */
    private Uni<List<Object[]>> fetch(long after) {
        return client.preparedQuery("select seq, prev_hash, hash, convert_to(record_json, 'UTF8') "
                + "from audit.audit_record where seq > $1 order by seq limit $2")
                .execute(Tuple.of(after, pageSize))
                .map(rows -> {
                    List<Object[]> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(new Object[] {row.getLong(0), row.getBuffer(1).getBytes(),
                            row.getBuffer(2).getBytes(), row.getBuffer(3).getBytes()});
                    }
                    return page;
                });
    }

    private void check(Walk walk, long seq, byte[] prevHash, byte[] hash, byte[] canonical) {
        walk.records++;
        if (walk.firstBreak == null) {
            if (seq != walk.lastSeq + 1) {
                walk.firstBreak = new Break(walk.lastSeq + 1, "missing", seq - walk.lastSeq - 1 == 1
                        ? "link " + (walk.lastSeq + 1) + " is missing"
                        : "links " + (walk.lastSeq + 1) + " to " + (seq - 1) + " are missing");
            } else if (!Arrays.equals(prevHash, walk.lastHash)) {
                walk.firstBreak = new Break(seq, "relinked", "link " + seq + " does not point at link "
                        + walk.lastSeq);
            } else if (!Arrays.equals(hash, walk.linker.link(prevHash, seq, canonical))) {
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
        Optional<Checkpoints.Witness> witness = walk.witness;
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
