package org.signet.scribe.draft;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.scribe.client.TokenizationClient;

/**
 * The jobs this instance is drafting, and what becomes of a job whose instance stopped. A job's raw transcript
 * lives only in the memory of the instance running it, so an interrupted job cannot be resumed: while it runs, its
 * instance renews its lease; once the lease has run out, any instance ends it {@code FAILED} with a reason that
 * says so (and whether anything had gone to a model), audits that, and shreds its vault. The clinician's progress
 * stream then ends on that state instead of waiting.
 */
@ApplicationScoped
public class RunningJobs {

    private static final Logger LOG = Logger.getLogger(RunningJobs.class);
    private static final int SWEEP_BATCH = 50;

    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final DraftJobs jobs;
    private final AuditTrail audit;
    private final TokenizationClient tokenization;

    public RunningJobs(DraftJobs jobs, AuditTrail audit, @RestClient TokenizationClient tokenization) {
        this.jobs = jobs;
        this.audit = audit;
        this.tokenization = tokenization;
    }

    void started(UUID job) {
        running.add(job);
    }

    void finished(UUID job) {
        running.remove(job);
    }

    @Scheduled(identity = "draft-job-leases", every = "${signet.scribe.jobs.lease-renew-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        Set<UUID> now = Set.copyOf(running);
        if (now.isEmpty()) {
            return;
        }
        try {
            jobs.renewLeases(now);
        } catch (RuntimeException e) {
            // the next renewal may succeed well within the lease; a job whose lease runs out ends, honestly
            LOG.warnf("could not renew the leases of %d running draft jobs (%s)", now.size(),
                    e.getClass().getSimpleName());
        }
    }

    @Scheduled(identity = "draft-job-sweep", every = "${signet.scribe.jobs.sweep-every:15s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            endInterrupted();
        } catch (RuntimeException e) {
            LOG.warnf("interrupted draft jobs not swept (%s); retrying next run", e.getClass().getSimpleName());
        }
    }

    /** Ends the jobs whose lease has run out; returns them. */
    public List<DraftJobs.Interrupted> endInterrupted() {
        List<DraftJobs.Interrupted> ended = jobs.endInterrupted(SWEEP_BATCH, RunningJobs::reason);
        for (DraftJobs.Interrupted job : ended) {
            LOG.warnf("draft %s interrupted after %s: its lease ran out (the instance drafting it stopped, or could "
                    + "not record its progress); ended FAILED", job.id(), job.reached());
            Map<String, String> details = new java.util.HashMap<>(Map.of("draft", job.id().toString(),
                    "reason", job.reason(), "reached", job.reached().name()));
            if (job.vaultId() != null) {
                details.put("vault", job.vaultId().toString());
            }
            audit.recordAndWait(job.requestedBy(), "draft.failed", AuditEvent.Outcome.FAILURE, job.patientRef(),
                    job.purpose(), "draft/" + job.id(), details);
            if (job.vaultId() != null) {
                shred(job);
            }
        }
        return ended;
    }

    /** Why an interrupted job ended, PHI-free; whether anything reached a model follows from the step it reached. */
    static String reason(DraftState reached) {
        String reason = "interrupted after " + reached + ": the scribe-service instance drafting it stopped, or "
                + "could not record its progress; nothing was queued for review; request the draft again";
        return reached.beforeTheModel() ? reason + "; nothing was sent to a model" : reason;
    }

    private void shred(DraftJobs.Interrupted job) {
        try {
            tokenization.shred(job.vaultId());
        } catch (RuntimeException e) {
            LOG.warnf("draft %s: vault %s not shredded (%s); the vault's expiry will", job.id(), job.vaultId(),
                    e.getClass().getSimpleName());
        }
    }
}
