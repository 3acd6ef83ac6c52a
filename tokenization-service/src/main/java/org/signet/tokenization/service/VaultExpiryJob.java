package org.signet.tokenization.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;

/** Retention: shreds every vault past its expiry, on a schedule. */
@ApplicationScoped
public class VaultExpiryJob {

    private static final Logger LOG = Logger.getLogger(VaultExpiryJob.class);

    private final VaultService vaults;
    private final AuditTrail audit;

    public VaultExpiryJob(VaultService vaults, AuditTrail audit) {
        this.vaults = vaults;
        this.audit = audit;
    }

    @Scheduled(every = "${signet.tokenization.vaults.expiry-check-every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return shredExpired(Instant.now()).replaceWithVoid();
    }

    public Uni<Integer> shredExpired(Instant now) {
        return vaults.shredExpired(now).call(count -> {
            if (count == 0) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("retention: shredded %d expired vaults", count);
            return audit.record("tokenization-service", "vault.shred-expired", AuditEvent.Outcome.SUCCESS, null, null,
                    "vault", Map.of("count", String.valueOf(count)));
        });
    }
}
