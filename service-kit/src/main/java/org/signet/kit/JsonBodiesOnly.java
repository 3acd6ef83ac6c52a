package org.signet.kit;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every body the API takes is JSON ({@code application/json} or a {@code +json} type such as FHIR's): any other
 * content type is refused with a 415 problem before routing. Without this, a resource method whose body is a record
 * of one string (a text, a reason) would be built from a {@code text/plain} body as it is, skipping the JSON parser,
 * its limits and the bean validation of what the record would have held.
 */
public class JsonBodiesOnly {

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> refuseOtherBodies(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        boolean hasBody = request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
        if (!hasBody || !request.getUriInfo().getRequestUri().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        if (type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.getSubtype().endsWith("+json"))) {
            return Optional.empty();
        }
        return Optional.of(ProblemMapper.problem(ProblemMapper.typeOf(415), "Unsupported Media Type", 415,
                "The body must be JSON (application/json)."));
    }
}
