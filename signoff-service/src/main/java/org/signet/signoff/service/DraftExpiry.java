package org.signet.signoff.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.kit.AuditTrail;
import org.signet.kit.PurgeLog;
import org.signet.signoff.config.SignoffConfig;
import org.signet.signoff.queue.QueueItem;

/**
 * Retention: a draft nobody reviewed within its purpose's review period (or, when it sets none,
 * {@code signet.signoff.retention.pending-max-age}) becomes EXPIRED (its
 * vault is shredded on its own schedule by tokenization-service). Each expiry is audited through the outbox.
 */
@ApplicationScoped
public class DraftExpiry {

    private static final Logger LOG = Logger.getLogger(DraftExpiry.class);

    /** The scheduler's name for this job, and the {@code purge_run} kind. */
    public static final String JOB = "draft-expiry";

    private final SignoffConfig config;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final PurgeLog purges;

    public DraftExpiry(SignoffConfig config, Outbox outbox, AuditTrail audit, Mutiny.SessionFactory sessions) {
        this.config = config;
        this.outbox = outbox;
        this.audit = audit;
        this.purges = new PurgeLog(sessions, "signoff", JOB);
    }

    public PurgeLog purges() {
        return purges;
    }

    @Scheduled(identity = JOB, every = "${signet.signoff.retention.check-every:1h}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return expireStale().onFailure().invoke(e -> LOG.warnf("draft expiry failed (%s); retrying next run",
                e.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Expires one batch of stale drafts; completes with how many. */
    public Uni<Integer> expireStale() {
        Instant cutoff = Instant.now().minus(config.retention().pendingMaxAge());
        return Panache.withTransaction(() -> QueueItem.pendingPast(Instant.now(), cutoff,
                config.retention().batchSize())
                .call(items -> expire(items))
                .map(List::size))
                .call(n -> {
                    if (n > 0) {
                        LOG.infof("expired %d drafts pending review since before %s", n, cutoff);
                    }
                    return purges.ran(Instant.now(), n);
                });
    }

    private Uni<Void> expire(List<QueueItem> items) {
        Instant now = Instant.now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (QueueItem item : items) {
            item.state = QueueItem.State.EXPIRED;
            item.expiredAt = now;
            item.updatedAt = now;
            chain = chain.chain(() -> outbox.audit(audit.event(audit.serviceActor(), "draft.expire",
                    AuditEvent.Outcome.SUCCESS, item.patientRef, item.purpose, "draft/" + item.draftId,
                    Map.of("assignedTo", item.assignedTo))));
        }
        return chain;
    }
}
