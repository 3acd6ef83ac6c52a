package org.signet.tokenization.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.kit.AuditTrail;
import org.signet.kit.PurgeLog;

/** Retention: shreds every vault past its expiry, on a schedule; each purge that shreds any is recorded. */
@ApplicationScoped
public class VaultExpiryJob {

    /** The scheduler's name for this job, and the {@code purge_run} kind. */
    public static final String JOB = "vault-expiry";

    private static final Logger LOG = Logger.getLogger(VaultExpiryJob.class);

    private final VaultService vaults;
    private final AuditTrail audit;
    private final PurgeLog purges;

    public VaultExpiryJob(VaultService vaults, AuditTrail audit, Mutiny.SessionFactory sessions) {
        this.vaults = vaults;
        this.audit = audit;
        this.purges = new PurgeLog(sessions, "vault", JOB);
    }

    @Scheduled(identity = JOB, every = "${signet.tokenization.vaults.expiry-check-every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return shredExpired(Instant.now()).replaceWithVoid();
    }

    public PurgeLog purges() {
        return purges;
    }

    public Uni<Integer> shredExpired(Instant now) {
        return vaults.shredExpired(now).call(count -> {
            if (count == 0) {
                return purges.ran(now, 0);
            }
            LOG.infof("retention: shredded %d expired vaults", count);
            return purges.ran(now, count).chain(() -> audit.record("tokenization-service",
                    "vault.shred-expired", AuditEvent.Outcome.SUCCESS, null, null, "vault",
                    Map.of("count", String.valueOf(count))));
        });
    }
}
