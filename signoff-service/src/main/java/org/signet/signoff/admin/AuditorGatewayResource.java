package org.signet.signoff.admin;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * The auditor's page's one door to audit-service: {@code /v1/auditor/…} is audit-service's {@code /v1/audit/…},
 * called with the auditor's own token (audit-service checks the role again, audits each search and serves the
 * answer). Refuses everyone but auditors first (403); passes answers back unchanged, CSV and FHIR JSON included.
 */
@Path("/v1/auditor")
@RolesAllowed("auditor")
public class AuditorGatewayResource {

    /** audit-service's read paths, plain segments only. */
    private static final Pattern READS = Pattern.compile(
            "/(events|verify|alerts|rules|disclosures|checkpoint-key|fhir/AuditEvent(/[A-Za-z0-9-]{1,64})?)");
    /** The one change the page makes: a rule's settings. */
    private static final Pattern RULE = Pattern.compile("/rules/[a-z][a-z-]{0,63}");

    private final AdminPeers peers;
    private final JsonWebToken jwt;

    public AuditorGatewayResource(AdminPeers peers, JsonWebToken jwt) {
        this.peers = peers;
        this.jwt = jwt;
    }

    @GET
    @Path("/{below: .+}")
    public Uni<Response> get(@PathParam("below") String below, @Context UriInfo uri) {
        String rest = "/" + below;
        if (!READS.matcher(rest).matches()) {
            throw DomainException.notFound("audit resource");
        }
        return peers.call(jwt.getRawToken(), "GET", AdminPeers.Area.AUDIT, rest, uri.getRequestUri().getRawQuery(),
                null, null, null).map(AdminGatewayResource::relay);
    }

    @PUT
    @Path("/rules/{id}")
    public Uni<Response> changeRule(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
        String rest = "/rules/" + id;
        if (!RULE.matcher(rest).matches()) {
            throw DomainException.notFound("audit resource");
        }
        return peers.call(jwt.getRawToken(), "PUT", AdminPeers.Area.AUDIT, rest, null, null, type, body)
                .map(AdminGatewayResource::relay);
    }
}
