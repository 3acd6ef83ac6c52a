package org.signet.scribe.draft;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Draft job persistence: steps are committed in short transactions (one step, or the few a {@link StepLog} gathered
 * while the previous one committed), so a job's progress is visible (status, events) while it runs, and a crash
 * leaves the last committed step recorded.
 */
@ApplicationScoped
public class DraftJobs {

    private final StepSignals signals;

    public DraftJobs(StepSignals signals) {
        this.signals = signals;
    }

    /** Creates the job in state RECEIVED. */
    public DraftJob create(UUID id, String requestedBy, String purpose, String noteType, String providerId) {
        return inTransaction(() -> {
            DraftJob job = new DraftJob();
            job.id = id;
            job.requestedBy = requestedBy;
            job.purpose = purpose;
            job.noteType = noteType;
            job.providerId = providerId;
            job.state = DraftState.RECEIVED;
            job.createdAt = now();
            job.updatedAt = job.createdAt;
            return job.<DraftJob>persist().call(() -> event(id, DraftState.RECEIVED, null, job.createdAt).persist());
        });
    }

    /** Records a step: the new state, an event, and whatever the step learned about the job. */
    public DraftJob step(UUID id, DraftState state, String detail, Consumer<DraftJob> update) {
        return steps(id, List.of(new StepLog.Step(state, detail, update, now())));
    }

    /** Records steps in one transaction, in order, each event at the time its step was reached. */
    DraftJob steps(UUID id, List<StepLog.Step> steps) {
        DraftJob job = inTransaction(() -> DraftJob.<DraftJob>findById(id).call(found -> {
            List<DraftEvent> events = new java.util.ArrayList<>(steps.size());
            for (StepLog.Step step : steps) {
                step.update().accept(found);
                found.state = step.state();
                found.updatedAt = step.at();
                if (step.state().terminal() && step.state() != DraftState.READY) {
                    found.reason = step.detail();
                }
                events.add(event(id, step.state(), step.detail(), step.at()));
            }
            return DraftEvent.persist(events);
        }));
        signals.fire(id); // committed: streams watching this job read the new events now
        return job;
    }

    public DraftJob step(UUID id, DraftState state, String detail) {
        return step(id, state, detail, job -> { });
    }

    public List<DraftEvent> eventsAfter(UUID id, long afterPk) {
        return inSession(() -> DraftEvent.after(id, afterPk));
    }

    public DraftJob find(UUID id) {
        return inSession(() -> DraftJob.findById(id));
    }

    private static DraftEvent event(UUID id, DraftState state, String detail, Instant at) {
        DraftEvent event = new DraftEvent();
        event.jobId = id;
        event.state = state;
        event.detail = detail;
        event.at = at;
        return event;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> T inTransaction(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work::get));
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static <T> T inSession(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(work::get));
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
