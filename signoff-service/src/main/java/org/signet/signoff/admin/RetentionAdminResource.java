package org.signet.signoff.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.contracts.RetentionReport;
import org.signet.kit.DomainException;
import org.signet.signoff.config.SignoffConfig;
import org.signet.signoff.service.DraftExpiry;

/**
 * Retention across Signet, for the admin console: what each service keeps, for how long, when its purge runs next
 * and what the last purges removed. signoff-service reports its own; tokenization-service and scribe-service report
 * theirs ({@code GET /v1/retention}, read with the admin's token). Blocking (a worker thread).
 */
@Path("/v1/admin/retention")
@RolesAllowed("admin")
public class RetentionAdminResource {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final DraftExpiry expiry;
    private final Scheduler scheduler;
    private final SignoffConfig config;
    private final AdminPeers peers;
    private final JsonWebToken jwt;
    private final ObjectMapper json;

    public RetentionAdminResource(DraftExpiry expiry, Scheduler scheduler, SignoffConfig config, AdminPeers peers,
            JsonWebToken jwt, ObjectMapper json) {
        this.expiry = expiry;
        this.scheduler = scheduler;
        this.config = config;
        this.peers = peers;
        this.jwt = jwt;
        this.json = json;
    }

    @GET
    public List<RetentionReport> report() {
        List<RetentionReport> reports = new ArrayList<>();
        Trigger trigger = scheduler.getScheduledJob(DraftExpiry.JOB);
        reports.add(new RetentionReport("drafts awaiting review: expired (no longer signable)", "signoff-service",
                config.retention().pendingMaxAge().toString(), config.retention().checkEvery(),
                trigger == null ? null : trigger.getNextFireTime(), expiry.purges().lastRun(),
                ownPurges()));
        reports.addAll(peer(AdminPeers.Area.TOKENIZATION_RETENTION));
        reports.addAll(peer(AdminPeers.Area.SCRIBE_RETENTION));
        return reports;
    }

    /** Hibernate Reactive runs on a Vert.x context: awaited from this worker thread. */
    private List<RetentionReport.Purge> ownPurges() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> expiry.purges().last(5));
        } catch (Throwable e) {
            throw DomainException.unavailable("Retention unavailable", "signoff-service's purge record could not "
                    + "be read; try again shortly.");
        }
    }

    private List<RetentionReport> peer(AdminPeers.Area area) {
        AdminPeers.Answer answer = peers.call(jwt.getRawToken(), "GET", area, "", null, null, null, null)
                .await().atMost(WAIT);
        if (answer.status() != 200) {
            throw DomainException.unavailable("Retention unavailable", area.name().toLowerCase()
                    + " answered " + answer.status() + "; the retention report is incomplete, so none is shown.");
        }
        try {
            return List.of(json.readValue(answer.body(), RetentionReport[].class));
        } catch (IOException e) {
            throw DomainException.unavailable("Retention unavailable", area.name().toLowerCase()
                    + " answered something other than its retention report.");
        }
    }
}
