package org.signet.signoff.admin;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.kit.DomainException;

/**
 * The admin console's one door to what other services own: purposes and consent (fhir-adapter), model providers
 * (scribe-service), the pseudonymization profile (tokenization-service). The admin's token goes along, so each owner
 * decides as it would for a direct call; this door refuses non-admins first (403) and passes answers back unchanged,
 * problem JSON, ETag and RFC 9470 step-up challenge included.
 */
@Path("/v1/admin")
@RolesAllowed("admin")
public class AdminGatewayResource {

    /** Plain path segments only: no "..", no encoded slashes, nothing that could reach another API of the owner. */
    private static final Pattern REST = Pattern.compile("(/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,4}");

    private final AdminPeers peers;
    private final JsonWebToken jwt;

    public AdminGatewayResource(AdminPeers peers, JsonWebToken jwt) {
        this.peers = peers;
        this.jwt = jwt;
    }

    @GET
    @Path("/{area: purposes|consent|providers|profile}{rest: (/[^?]*)?}")
    public Uni<Response> get(@PathParam("area") String area, @PathParam("rest") String rest, @Context UriInfo uri) {
        return forward("GET", area, rest, uri, null, null, null);
    }

    @POST
    @Path("/{area: purposes|consent|providers}{rest: (/[^?]*)?}")
    public Uni<Response> post(@PathParam("area") String area, @PathParam("rest") String rest, @Context UriInfo uri,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body) {
        return forward("POST", area, rest, uri, ifMatch, type, body);
    }

    @PUT
    @Path("/{area: purposes|providers}{rest: (/[^?]*)?}")
    public Uni<Response> put(@PathParam("area") String area, @PathParam("rest") String rest, @Context UriInfo uri,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body) {
        return forward("PUT", area, rest, uri, ifMatch, type, body);
    }

    private Uni<Response> forward(String method, String areaName, String rest, UriInfo uri, String ifMatch,
            String type, byte[] body) {
        String below = rest == null ? "" : rest;
        if (!REST.matcher(below).matches() || below.contains("..")) {
            throw DomainException.notFound("admin resource");
        }
        AdminPeers.Area area = AdminPeers.Area.named(areaName).orElseThrow(
                () -> DomainException.notFound("admin resource"));
        return peers.call(jwt.getRawToken(), method, area, below, uri.getRequestUri().getRawQuery(), ifMatch, type,
                body).map(AdminGatewayResource::relay);
    }

    static Response relay(AdminPeers.Answer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body());
        if (answer.contentType() != null) {
            response.header(HttpHeaders.CONTENT_TYPE, answer.contentType());
        }
        if (answer.etag() != null) {
            response.header(HttpHeaders.ETAG, answer.etag());
        }
        if (answer.wwwAuthenticate() != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, answer.wwwAuthenticate());
        }
        if (answer.retryAfter() != null) {
            // a peer's rate limit: the console waits as the peer says
            response.header(HttpHeaders.RETRY_AFTER, answer.retryAfter());
        }
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
