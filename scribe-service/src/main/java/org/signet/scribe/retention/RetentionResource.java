package org.signet.scribe.retention;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Duration;
import java.util.List;
import org.signet.contracts.RetentionReport;
import org.signet.scribe.config.ScribeConfig;

/**
 * What scribe-service keeps and purges: finished draft jobs; and how long it asks tokenization-service to keep each
 * draft's vault (set when the vault is opened; tokenization-service shreds it).
 */
@Path("/v1/retention")
@RolesAllowed({"admin", "auditor"})
public class RetentionResource {

    private final DraftJobPurge purge;
    private final Scheduler scheduler;
    private final ScribeConfig config;

    public RetentionResource(DraftJobPurge purge, Scheduler scheduler, ScribeConfig config) {
        this.purge = purge;
        this.scheduler = scheduler;
        this.config = config;
    }

    @GET
    public Uni<List<RetentionReport>> report() {
        Trigger trigger = scheduler.getScheduledJob(DraftJobPurge.JOB);
        return purge.purges().last(5).map(purges -> List.of(
                new RetentionReport("finished draft jobs (pseudonymized draft text and steps)", "scribe-service",
                        config.retention().jobMaxAge().toString(), config.retention().checkEvery(),
                        trigger == null ? null : trigger.getNextFireTime(), purge.purges().lastRun(), purges),
                new RetentionReport("each draft's vault: lifetime asked for when it is opened", "scribe-service",
                        Duration.ofDays(config.vaultTtlDays()).toString(), null, null, null, List.of())));
    }
}
