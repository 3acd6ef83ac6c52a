package org.signet.adapter.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.kit.CallerIdentity;
import org.signet.adapter.purpose.Purpose;
import org.signet.adapter.purpose.PurposeChange;
import org.signet.adapter.service.PurposeAdmin;
import org.signet.kit.DomainException;
import org.signet.kit.IfMatch;
import org.signet.kit.RateLimited;
import org.signet.kit.RateLimits;

/**
 * Purposes (minimum-necessary rules), administered by the {@code admin} role. Every change is a new version. The
 * latest version's number is its ETag; a change sent with {@code If-Match} is refused with 412 if another version
 * was saved in between.
 */
@Path("/v1/purposes")
@RolesAllowed("admin")
public class PurposeResource {

    private final PurposeAdmin admin;
    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    public PurposeResource(PurposeAdmin admin, JsonWebToken jwt, SecurityIdentity identity) {
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
    public Uni<Response> read(@PathParam("id") String id) {
        return Purpose.latest(id).onItem().ifNull().failWith(() -> DomainException.notFound("purpose"))
                .map(p -> Response.ok(p).tag(etag(p)).build());
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

    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @POST
    public Uni<Response> create(@NotNull PurposeChange change) {
        PurposeAdmin.Admin who = who();
        return VertxContextSupport.executeBlocking(() -> {
            admin.validate(change.id(), change);
            return change;
        }).chain(valid -> Panache.withTransaction(() -> admin.create(who, valid))).map(p -> Response.created(
                URI.create("/v1/purposes/" + p.id + "/versions/" + p.version)).entity(p).tag(etag(p)).build());
    }

    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @PUT
    @Path("/{id}")
    public Uni<Response> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull PurposeChange change) {
        PurposeAdmin.Admin who = who();
        Long expected = IfMatch.version(ifMatch, "a purpose version");
        return VertxContextSupport.executeBlocking(() -> {
            admin.validate(id, change);
            return change;
        }).chain(valid -> Panache.withTransaction(() -> admin.update(who, id, valid, expected)))
                .map(p -> Response.ok(p).tag(etag(p)).build());
    }

    /** Body optional: {@code {"changeNote": "…"}}. Narrows what flows, so needs no fresh sign-in. */
    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @POST
    @Path("/{id}/deactivate")
    @WithTransaction
    public Uni<Response> deactivate(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Deactivation body) {
        return admin.deactivate(who(), id, body == null ? null : body.changeNote(),
                IfMatch.version(ifMatch, "a purpose version")).map(p -> Response.ok(p).tag(etag(p)).build());
    }

    /** Why a purpose is deactivated. */
    public record Deactivation(String changeNote) {}

    private PurposeAdmin.Admin who() {
        return new PurposeAdmin.Admin(CallerIdentity.account(identity, jwt), jwt.getClaim("preferred_username"),
                jwt.getClaim("auth_time"));
    }

    static EntityTag etag(Purpose p) {
        return new EntityTag(String.valueOf(p.version));
    }
}
