package org.signet.scribe.retention;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.PurgeLog;
import org.signet.scribe.config.ScribeConfig;
import org.signet.scribe.draft.DraftState;

/**
 * Retention: a draft job that ended longer ago than its purpose's {@code jobDays} (or, when the purpose sets none,
 * {@code signet.scribe.retention.job-max-age}) is deleted with its steps (its pseudonymized draft text included;
 * signoff-service keeps the clinician's copy under its own retention). A job still running is never touched. Each
 * purge that deletes any is recorded and audited (counts only).
 */
@ApplicationScoped
public class DraftJobPurge {

    /** The scheduler's name for this job, and the {@code purge_run} kind. */
    public static final String JOB = "draft-job-purge";

    private static final Logger LOG = Logger.getLogger(DraftJobPurge.class);
    /** The states a job ends in, as SQL literals (the enum's own names, never input). */
    private static final String ENDED_SQL = Arrays.stream(DraftState.values()).filter(DraftState::terminal)
            .map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));

    private final ScribeConfig config;
    private final AuditTrail audit;
    private final PurgeLog purges;

    public DraftJobPurge(ScribeConfig config, AuditTrail audit, Mutiny.SessionFactory sessions) {
        this.config = config;
        this.audit = audit;
        this.purges = new PurgeLog(sessions, "scribe", JOB);
    }

    @Scheduled(identity = JOB, every = "${signet.scribe.retention.check-every:1h}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now()).onFailure().invoke(e -> LOG.warnf("draft job purge failed (%s); retrying next "
                + "run", e.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes the jobs that ended more than their retention before {@code now}; completes with how many. */
    public Uni<Integer> purge(Instant now) {
        long defaultDays = config.retention().jobMaxAge().toDays();
        // the steps go with their job (draft_event's foreign key cascades)
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from scribe.draft_job where state in (" + ENDED_SQL + ") "
                        + "and updated_at < cast(?1 as timestamptz) "
                        + "- make_interval(days => coalesce(retention_days, ?2))")
                .setParameter(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter(2, (int) defaultDays).executeUpdate()))
                .call(count -> {
                    if (count == 0) {
                        return purges.ran(now, 0);
                    }
                    LOG.infof("retention: deleted %d finished draft jobs past their retention", count);
                    return purges.ran(now, count).chain(() -> audit.record("scribe-service",
                            "draft-job.purge", AuditEvent.Outcome.SUCCESS, null, null, "draft-job",
                            Map.of("count", String.valueOf(count))));
                });
    }

    public PurgeLog purges() {
        return purges;
    }
}
