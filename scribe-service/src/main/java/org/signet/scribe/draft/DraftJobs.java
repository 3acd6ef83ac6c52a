package org.signet.scribe.draft;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.signet.scribe.config.ScribeConfig;

/**
 * Draft job persistence: steps are committed in short transactions (one step, or the few a {@link StepLog} gathered
 * while the previous one committed), so a job's progress is visible (status, events) while it runs, and a crash
 * leaves the last committed step recorded. A job that ended is never moved again.
 */
@ApplicationScoped
public class DraftJobs {

    /** A step for a job that already ended (its lease ran out and another instance ended it): never written. */
    public static final class JobEnded extends IllegalStateException {
        JobEnded(UUID id, DraftState state) {
            super("draft job " + id + " already ended " + state);
        }
    }

    /** The states a job ends in, as SQL literals (the enum's own names, never input). */
    static final String ENDED_SQL = Arrays.stream(DraftState.values()).filter(DraftState::terminal)
            .map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));

    private final StepSignals signals;
    private final ScribeConfig config;

    public DraftJobs(StepSignals signals, ScribeConfig config) {
        this.signals = signals;
        this.config = config;
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
            return job.<DraftJob>persist()
                    .call(() -> event(id, DraftState.RECEIVED, null, job.createdAt).persist())
                    .call(() -> Panache.getSession().chain(session -> session.flush().chain(() -> lease(session,
                            List.of(id)))));
        });
    }

    /** Records a step: the new state, an event, and whatever the step learned about the job. */
    public DraftJob step(UUID id, DraftState state, String detail, Consumer<DraftJob> update) {
        return steps(id, List.of(new StepLog.Step(state, detail, update, now())));
    }

    /** Records steps in one transaction, in order, each event at the time its step was reached. */
    DraftJob steps(UUID id, List<StepLog.Step> steps) {
        DraftJob job = inTransaction(() -> DraftJob.<DraftJob>findById(id).call(found -> {
            if (found.state.terminal()) {
                // an ended job is never moved again: not by a pipeline that outlived its lease
                return io.smallrye.mutiny.Uni.createFrom().failure(new JobEnded(id, found.state));
            }
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

    /** Kafka acknowledged the job's {@code drafts.ready}. */
    public void markPublished(UUID id) {
        inTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "update scribe.draft_job set ready_published_at = now() where id = ?1")
                .setParameter(1, id).executeUpdate()));
    }

    /**
     * This instance still runs {@code running}: each vouched for another lease. Leases are reckoned on the database's
     * clock, written and read, so instances whose clocks disagree still agree on which lease ran out.
     */
    public void renewLeases(Set<UUID> running) {
        inTransaction(() -> Panache.getSession().chain(session -> lease(session, List.copyOf(running))));
    }

    private io.smallrye.mutiny.Uni<Integer> lease(org.hibernate.reactive.mutiny.Mutiny.Session session,
            List<UUID> jobs) {
        return session.createNativeQuery("update scribe.draft_job set lease_until = now() + make_interval(secs => ?1) "
                + "where id in (?2) and state not in (" + ENDED_SQL + ")")
                .setParameter(1, (double) config.jobs().lease().toSeconds())
                .setParameter(2, jobs).executeUpdate();
    }

    /**
     * Ends, {@code FAILED} with {@code reason}'s words, up to {@code limit} jobs still running whose lease ran out
     * (on the database's clock): their instance stopped. Locked {@code SKIP LOCKED}, so two instances never end one
     * job twice. Returns the jobs as they were before (the step each reached).
     */
    public List<Interrupted> endInterrupted(int limit, Function<DraftState, String> reason) {
        List<Interrupted> ended = inTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select * from scribe.draft_job where state not in (" + ENDED_SQL + ") and "
                        + "(lease_until is null or lease_until < now()) order by created_at limit "
                        + limit + " for update skip locked", DraftJob.class)
                .getResultList())
                .chain(found -> {
                    if (found.isEmpty()) {
                        return io.smallrye.mutiny.Uni.createFrom().item(List.<Interrupted>of());
                    }
                    List<Interrupted> interrupted = new java.util.ArrayList<>();
                    List<DraftEvent> events = new java.util.ArrayList<>();
                    Instant at = now();
                    for (DraftJob job : found) {
                        String why = reason.apply(job.state);
                        interrupted.add(new Interrupted(job.id, job.state, job.requestedBy, job.purpose,
                                job.patientRef, job.vaultId, why));
                        job.state = DraftState.FAILED;
                        job.reason = why;
                        job.updatedAt = at;
                        events.add(event(job.id, DraftState.FAILED, why, at));
                    }
                    return DraftEvent.persist(events).replaceWith(interrupted);
                }));
        ended.forEach(job -> signals.fire(job.id()));
        return ended;
    }

    /** A job ended because its instance stopped: the step it had reached, and what it had opened. */
    public record Interrupted(UUID id, DraftState reached, String requestedBy, String purpose, String patientRef,
            UUID vaultId, String reason) {}

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
