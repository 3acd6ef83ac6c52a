package org.signet.scribe.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.signet.scribe.provider.ModelProvider;
import org.signet.scribe.service.DomainException;

/** Model providers and their BAA attestations, administered by the {@code admin} role. */
@Path("/v1/providers")
@RolesAllowed("admin")
public class ProviderResource {

    @GET
    @WithSession
    public Uni<List<ModelProvider>> list() {
        return ModelProvider.allById();
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<ModelProvider> read(@PathParam("id") String id) {
        return ModelProvider.<ModelProvider>findById(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("Model provider " + id));
    }
}
