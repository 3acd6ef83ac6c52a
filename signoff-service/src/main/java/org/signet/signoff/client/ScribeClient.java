package org.signet.signoff.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * scribe-service's draft jobs, with the clinician's own bearer token forwarded: scribe checks the role and
 * assigns the job to that clinician. Not retried: a request creates a job (and the transcript must not linger).
 */
@RegisterRestClient(configKey = "scribe")
@Path("/v1/drafts")
public interface ScribeClient {

    /** The request body passes through untouched; it carries the transcript, so it is never logged. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout
    Uni<Response> request(@HeaderParam("Authorization") String bearer, JsonNode body);

    /**
     * The job's status, asked only for whether the caller may follow the job: 200 (theirs), 403 (another
     * clinician's) or 404 (no such job). The body is not read.
     */
    @GET
    @Path("/{id}")
    @Timeout
    Uni<Response> status(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);

    /** The job's progress as Server-Sent Events; each event's data is a JSON step. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    Multi<JsonNode> events(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
}
