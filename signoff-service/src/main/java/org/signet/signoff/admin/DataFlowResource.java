package org.signet.signoff.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.kit.DomainException;

/**
 * The data-flow diagram, drawn at each request from the live configuration the owners hold (purposes, providers, the
 * pseudonymization profile), read with the admin's own token: JSON for the page's own use, SVG to show and download,
 * PNG to download. Blocking (runs on a worker thread).
 */
@Path("/v1/admin/data-flow")
@RolesAllowed("admin")
public class DataFlowResource {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AdminPeers peers;
    private final JsonWebToken jwt;
    private final ObjectMapper json;

    public DataFlowResource(AdminPeers peers, JsonWebToken jwt, ObjectMapper json) {
        this.peers = peers;
        this.jwt = jwt;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DataFlow flow() {
        return current();
    }

    /** @param download answer as an attachment (a file to keep for a privacy review) */
    @GET
    @Path(".svg")
    @Produces("image/svg+xml")
    public Response svg(@QueryParam("download") boolean download) {
        return file(DataFlowDiagram.svg(current(), generated()), "image/svg+xml", "svg", download);
    }

    @GET
    @Path(".png")
    @Produces("image/png")
    public Response png(@QueryParam("download") boolean download) {
        return file(DataFlowDiagram.png(current(), generated()), "image/png", "png", download);
    }

    private static Response file(Object body, String type, String extension, boolean download) {
        Response.ResponseBuilder response = Response.ok(body, type).header("Cache-Control", "no-store");
        if (download) {
            response.header("Content-Disposition", "attachment; filename=\"signet-data-flow-"
                    + LocalDate.now(ZoneOffset.UTC) + "." + extension + "\"");
        }
        return response.build();
    }

    private static String generated() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private DataFlow current() {
        String bearer = jwt.getRawToken();
        JsonNode purposes = read(bearer, AdminPeers.Area.PURPOSES);
        JsonNode providers = read(bearer, AdminPeers.Area.PROVIDERS);
        JsonNode profile = read(bearer, AdminPeers.Area.PROFILE);
        return DataFlow.of(purposes, providers, profile, LocalDate.now(ZoneOffset.UTC));
    }

    private JsonNode read(String bearer, AdminPeers.Area area) {
        AdminPeers.Answer answer = peers.call(bearer, "GET", area, "", null, null, null, null).await().atMost(WAIT);
        if (answer.status() != 200) {
            throw DomainException.unavailable("Configuration unavailable", "The data flow cannot be drawn: reading "
                    + area.name().toLowerCase() + " answered " + answer.status() + ".");
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw DomainException.unavailable("Configuration unavailable", "The data flow cannot be drawn: "
                    + area.name().toLowerCase() + " answered something other than JSON.");
        }
    }
}
