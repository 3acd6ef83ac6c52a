package org.signet.adapter.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.signet.adapter.purpose.Purpose;
import org.signet.adapter.service.DomainException;

/** Purposes (minimum-necessary rules), administered by the {@code admin} role. */
@Path("/v1/purposes")
@RolesAllowed("admin")
public class PurposeResource {

    @GET
    @WithSession
    public Uni<List<Purpose>> list() {
        return Purpose.latestVersions();
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<Purpose> read(@PathParam("id") String id) {
        return Purpose.latest(id).onItem().ifNull().failWith(() -> DomainException.notFound("Purpose " + id));
    }
}
