package org.signet.signoff.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
@Path("/v1/admin/data-flow{format: (\\.svg|\\.png)?}")
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

    /**
     * {@code /v1/admin/data-flow} (JSON), {@code .svg} or {@code .png}.
     *
     * @param download answer as an attachment (a file to keep for a privacy review)
     */
    @GET
    public Response flow(@PathParam("format") String format, @QueryParam("download") boolean download) {
        DataFlow flow = current();
        return switch (format == null ? "" : format) {
            case ".svg" -> file(DataFlowDiagram.svg(flow, generated()), "image/svg+xml", "svg", download);
            case ".png" -> file(DataFlowDiagram.png(flow, generated()), "image/png", "png", download);
            default -> Response.ok(flow, MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
        };
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
