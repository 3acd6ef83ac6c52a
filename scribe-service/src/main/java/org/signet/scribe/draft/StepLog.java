package org.signet.scribe.draft;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One job's steps, committed in order on another thread while the pipeline goes on to its next call: a step's
 * transaction then costs the job no time of its own, and steps reached while an earlier one commits share the
 * next transaction. Each step keeps the time it was reached. {@link #flush()} waits for every step recorded so far
 * and surfaces the first write that failed (nothing after a failed write is written, so the order holds).
 */
final class StepLog {

    /** A step the pipeline reached, not yet committed. */
    record Step(DraftState state, String detail, Consumer<DraftJob> update, Instant at) {}

    private final DraftJobs jobs;
    private final UUID job;
    private final Executor writer;
    private final List<Step> pending = new ArrayList<>();
    private CompletableFuture<DraftJob> written = CompletableFuture.completedFuture(null);

    StepLog(DraftJobs jobs, UUID job, Executor writer) {
        this.jobs = jobs;
        this.job = job;
        this.writer = writer;
    }

    void record(DraftState state, String detail) {
        record(state, detail, ignored -> { });
    }

    void record(DraftState state, String detail, Consumer<DraftJob> update) {
        add(List.of(reached(state, detail, update)));
    }

    /** A step reached now, to be recorded later with the ones after it ({@link #finish}). */
    static Step reached(DraftState state, String detail, Consumer<DraftJob> update) {
        return new Step(state, detail, update, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Records the job's last steps together (one transaction, after every step recorded before them) and waits for
     * them: the job as the last one left it. The job's end is then one commit, not one per step.
     */
    DraftJob finish(Step... last) {
        add(List.of(last));
        return flush();
    }

    private synchronized void add(List<Step> steps) {
        boolean batchWaiting = !pending.isEmpty();
        pending.addAll(steps);
        if (!batchWaiting) { // no write is waiting for this batch yet: chain one after the last
            written = written.thenApplyAsync(ignored -> jobs.steps(job, takePending()), writer);
        }
    }

    private synchronized List<Step> takePending() {
        List<Step> batch = List.copyOf(pending);
        pending.clear();
        return batch;
    }

    /** Waits for every step recorded so far; the job as the last one left it. */
    DraftJob flush() {
        try {
            return current().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Waits for every step recorded so far, without failing: for the path that ends a job anyway. */
    void settle() {
        current().handle((job, failure) -> null).join();
    }

    private synchronized CompletableFuture<DraftJob> current() {
        return written;
    }
}
