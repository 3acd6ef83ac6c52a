package org.signet.adapter.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.adapter.purpose.Purpose;
import org.signet.adapter.purpose.PurposeChange;
import org.signet.kit.DomainException;
import org.signet.adapter.service.PurposeAdmin;

/** Purposes (minimum-necessary rules), administered by the {@code admin} role. Every change is a new version. */
@Path("/v1/purposes")
@RolesAllowed("admin")
public class PurposeResource {

    private final PurposeAdmin admin;
    private final JsonWebToken jwt;
    private final io.quarkus.security.identity.SecurityIdentity identity;

    public PurposeResource(PurposeAdmin admin, JsonWebToken jwt, io.quarkus.security.identity.SecurityIdentity identity) {
        this.admin = admin;
        this.jwt = jwt;
        this.identity = identity;
    }

    @GET
    @WithSession
    public Uni<List<Purpose>> list() {
        return Purpose.latestVersions();
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<Purpose> read(@PathParam("id") String id) {
        return Purpose.latest(id).onItem().ifNull().failWith(() -> DomainException.notFound("purpose"));
    }

    @GET
    @Path("/{id}/versions")
    @WithSession
    public Uni<List<Purpose>> versions(@PathParam("id") String id) {
        return Purpose.<Purpose>list("id = ?1 order by version", id).invoke(all -> {
            if (all.isEmpty()) {
                throw DomainException.notFound("purpose");
            }
        });
    }

    @GET
    @Path("/{id}/versions/{version}")
    @WithSession
    public Uni<Purpose> version(@PathParam("id") String id, @PathParam("version") int version) {
        return Purpose.<Purpose>find("id = ?1 and version = ?2", id, version).firstResult()
                .onItem().ifNull().failWith(() -> DomainException.notFound("purpose version"));
    }

    @POST
    @WithTransaction
    public Uni<Response> create(@NotNull PurposeChange change) {
        return admin.create(Callers.actor(identity, jwt), change).map(p -> Response.created(
                URI.create("/v1/purposes/" + p.id + "/versions/" + p.version)).entity(p).build());
    }

    @PUT
    @Path("/{id}")
    @WithTransaction
    public Uni<Purpose> update(@PathParam("id") String id, @NotNull PurposeChange change) {
        return admin.update(Callers.actor(identity, jwt), id, change);
    }

    /** Body optional: {@code {"changeNote": "…"}}. */
    @POST
    @Path("/{id}/deactivate")
    @WithTransaction
    public Uni<Purpose> deactivate(@PathParam("id") String id, Deactivation body) {
        return admin.deactivate(Callers.actor(identity, jwt), id, body == null ? null : body.changeNote());
    }

    /** Why a purpose is deactivated. */
    public record Deactivation(String changeNote) {}
}
