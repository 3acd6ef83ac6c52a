package org.signet.scribe.retention;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.PurgeLog;
import org.signet.scribe.config.ScribeConfig;
import org.signet.scribe.draft.DraftJob;
import org.signet.scribe.draft.DraftState;

/**
 * Retention: a draft job that ended longer than {@code signet.scribe.retention.job-max-age} ago is deleted with its
 * steps (its pseudonymized draft text included; signoff-service keeps the clinician's copy under its own retention).
 * A job still running is never touched. Each purge that deletes any is recorded and audited (counts only).
 */
@ApplicationScoped
public class DraftJobPurge {

    /** The scheduler's name for this job, and the {@code purge_run} kind. */
    public static final String JOB = "draft-job-purge";

    private static final Logger LOG = Logger.getLogger(DraftJobPurge.class);
    private static final List<DraftState> ENDED = Arrays.stream(DraftState.values()).filter(DraftState::terminal)
            .toList();

    private final ScribeConfig config;
    private final AuditTrail audit;
    private final PurgeLog purges;
    private volatile Instant lastRun;

    public DraftJobPurge(ScribeConfig config, AuditTrail audit, Mutiny.SessionFactory sessions) {
        this.config = config;
        this.audit = audit;
        this.purges = new PurgeLog(sessions, "scribe");
    }

    @Scheduled(identity = JOB, every = "${signet.scribe.retention.check-every:1h}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now()).onFailure().invoke(e -> LOG.warnf("draft job purge failed (%s); retrying next "
                + "run", e.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes the jobs that ended before {@code now} minus the configured age; completes with how many. */
    public Uni<Integer> purge(Instant now) {
        Instant cutoff = now.minus(config.retention().jobMaxAge());
        return Panache.withTransaction(() -> DraftJob.delete("state in ?1 and updatedAt < ?2", ENDED, cutoff))
                .map(Long::intValue)
                .call(count -> {
                    lastRun = now;
                    if (count == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("retention: deleted %d draft jobs that ended before %s", count, cutoff);
                    return purges.record(JOB, now, count).chain(() -> audit.record("scribe-service",
                            "draft-job.purge", AuditEvent.Outcome.SUCCESS, null, null, "draft-job",
                            Map.of("count", String.valueOf(count))));
                });
    }

    public PurgeLog purges() {
        return purges;
    }

    public Instant lastRun() {
        return lastRun;
    }
}
