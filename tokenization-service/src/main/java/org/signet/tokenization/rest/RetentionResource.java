package org.signet.tokenization.rest;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.signet.contracts.RetentionReport;
import org.signet.tokenization.config.TokenizationConfig;
import org.signet.tokenization.service.VaultExpiryJob;

/** What tokenization-service keeps and purges: vaults, crypto-shredded once past their expiry. */
@Path("/v1/retention")
@RolesAllowed({"admin", "auditor"})
public class RetentionResource {

    private final VaultExpiryJob job;
    private final Scheduler scheduler;
    private final TokenizationConfig config;
    private final String every;

    public RetentionResource(VaultExpiryJob job, Scheduler scheduler, TokenizationConfig config,
            @ConfigProperty(name = "signet.tokenization.vaults.expiry-check-every", defaultValue = "5m")
            String every) {
        this.job = job;
        this.scheduler = scheduler;
        this.config = config;
        this.every = every;
    }

    @GET
    public Uni<List<RetentionReport>> report() {
        Trigger trigger = scheduler.getScheduledJob(VaultExpiryJob.JOB);
        return job.purges().last(5).map(purges -> List.of(new RetentionReport(
                "vaults (raw identifiers, encrypted): crypto-shredded", "tokenization-service",
                "each vault's own expiry, set when it is opened (default " + config.vaults().defaultTtl().toDays()
                        + " days)",
                every, trigger == null ? null : trigger.getNextFireTime(), job.purges().lastRun(), purges)));
    }
}
