package org.signet.audit.chain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;
import org.signet.audit.alert.AlertPublisher;
import org.signet.contracts.AuditAlert;

/**
 * Verifies the chain every {@code signet.audit.verify.every} and raises a critical {@code chain.broken} alert when
 * it finds a break — once per break, not on every run while it stands.
 */
@ApplicationScoped
public class ScheduledVerification {

    private static final Logger LOG = Logger.getLogger(ScheduledVerification.class);

    private final ChainVerifier verifier;
    private final AlertPublisher alerts;
    private volatile ChainVerifier.Break reported;

    public ScheduledVerification(ChainVerifier verifier, AlertPublisher alerts) {
        this.verifier = verifier;
        this.alerts = alerts;
    }

    @Scheduled(identity = "audit-verify", every = "${signet.audit.verify.every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Verifies now, alerting on a break not reported before. */
    public Uni<ChainVerifier.Report> run() {
        return verifier.verify().call(report -> {
            ChainVerifier.Break found = report.firstBreak();
            if (found == null || Objects.equals(found, reported)) {
                return Uni.createFrom().voidItem();
            }
            LOG.errorf("the audit trail does not verify: %s at link %d (%s)", found.problem(), found.seq(),
                    found.detail());
            return alerts.raise("chain.broken", AuditAlert.Severity.CRITICAL, "audit-trail",
                    "The audit trail does not verify: " + found.detail() + ".",
                    Map.of("seq", String.valueOf(found.seq()), "problem", found.problem(),
                            "records", String.valueOf(report.records())))
                    .invoke(() -> reported = found);
        });
    }
}
