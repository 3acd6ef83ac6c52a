package org.signet.signoff.admin;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.signet.kit.DomainException;
import org.signet.signoff.service.EditMetricsReport;

/** Draft quality week by week, per model provider, model version and prompt template (numbers and ids only). */
@Path("/v1/admin/quality")
@RolesAllowed("admin")
public class QualityResource {

    private final EditMetricsReport report;

    public QualityResource(EditMetricsReport report) {
        this.report = report;
    }

    /** @param weeks how many weeks back (1-104, default 12) */
    @GET
    public Uni<List<EditMetricsReport.Week>> weekly(@QueryParam("weeks") Integer weeks) {
        int span = weeks == null ? 12 : weeks;
        if (span < 1 || span > 104) {
            throw DomainException.unprocessable("weeks must be 1..104");
        }
        return report.weekly(Instant.now().minus(span * 7L, ChronoUnit.DAYS));
    }
}
