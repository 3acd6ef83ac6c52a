package org.signet.signoff.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.signet.signoff.service.EditMetricsReport;

/** Edit metrics of signed notes, aggregated; numbers and ids only. */
@Path("/v1/metrics/edits")
@RolesAllowed("admin")
public class EditMetricsResource {

    private final EditMetricsReport report;

    public EditMetricsResource(EditMetricsReport report) {
        this.report = report;
    }

    /**
     * @param from only notes signed at or after this instant (ISO-8601)
     * @param to   only notes signed before this instant (ISO-8601)
     */
    @GET
    public Uni<List<EditMetricsReport.Group>> aggregate(@QueryParam("from") String from,
            @QueryParam("to") String to) {
        return report.aggregate(QueueResource.instant("from", from), QueueResource.instant("to", to));
    }
}
