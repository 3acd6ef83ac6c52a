package org.signet.scribe.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The order and grouping of a job's step writes, against a recorder in place of the database. */
class StepLogTest {

    /** Keeps each transaction's states instead of writing them; fails the write of {@code failing} if set. */
    private static final class RecordingJobs extends DraftJobs {
        final List<List<DraftState>> transactions = new ArrayList<>();
        DraftState failing;

        RecordingJobs() {
            super(new StepSignals(), null);
        }

        @Override
        synchronized DraftJob steps(UUID id, List<StepLog.Step> steps) {
            List<DraftState> states = steps.stream().map(StepLog.Step::state).toList();
            if (states.contains(failing)) {
                throw new IllegalStateException("the database refused the write");
            }
            transactions.add(states);
            DraftJob job = new DraftJob();
            job.id = id;
            steps.forEach(step -> {
                step.update().accept(job);
                job.state = step.state();
            });
            return job;
        }
    }

    /** Runs each write at once on the caller's thread: a step recorded alone is written alone. */
    private static final Executor AT_ONCE = Runnable::run;

    @Test
    void theLastStepsAreOneTransactionAfterTheEarlierOnes() {
        RecordingJobs jobs = new RecordingJobs();
        StepLog steps = new StepLog(jobs, UUID.randomUUID(), AT_ONCE);
        steps.record(DraftState.MODEL_CALLED, null);
        StepLog.Step checked = StepLog.reached(DraftState.OUTPUT_CHECKED, null, job -> { });

        DraftJob ready = steps.finish(checked, StepLog.reached(DraftState.READY, null, job -> job.pipelineMs = 7L));

        assertEquals(List.of(List.of(DraftState.MODEL_CALLED), List.of(DraftState.OUTPUT_CHECKED, DraftState.READY)),
                jobs.transactions);
        assertSame(DraftState.READY, ready.state);
        assertEquals(7L, ready.pipelineMs);
    }

    @Test
    void stepsReachedWhileAWriteWaitsShareTheNextOne() {
        RecordingJobs jobs = new RecordingJobs();
        List<Runnable> queued = new ArrayList<>();
        StepLog steps = new StepLog(jobs, UUID.randomUUID(), queued::add);
        steps.record(DraftState.VAULT_CREATED, null);
        steps.record(DraftState.CONTEXT_FETCHED, null);
        queued.remove(0).run();

        assertEquals(List.of(List.of(DraftState.VAULT_CREATED, DraftState.CONTEXT_FETCHED)), jobs.transactions);
        assertEquals(List.of(), queued, "one write for the two steps");
    }

    @Test
    void aFailedWriteEndsTheJobAndNothingAfterItIsWritten() {
        RecordingJobs jobs = new RecordingJobs();
        jobs.failing = DraftState.MODEL_CALLED;
        StepLog steps = new StepLog(jobs, UUID.randomUUID(), AT_ONCE);
        steps.record(DraftState.GUARD_PASSED, null);
        steps.record(DraftState.MODEL_CALLED, null);

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> steps.finish(
                StepLog.reached(DraftState.OUTPUT_CHECKED, null, job -> { }),
                StepLog.reached(DraftState.READY, null, job -> { })));

        assertEquals("the database refused the write", failure.getMessage());
        assertEquals(List.of(List.of(DraftState.GUARD_PASSED)), jobs.transactions);
    }
}
