package org.signet.signoff.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * tokenization-service's re-identify, called ONLY with the clinician's own bearer token forwarded: the vault
 * decides whether this person may see the originals, and audits them by name. signoff's service account cannot.
 */
@RegisterRestClient(configKey = "tokenization")
@Path("/v1/vaults")
public interface ReidentificationClient {

    /** @param invisibleCharactersRemoved invisible and bidi control characters the vault took out of the text */
    record Reidentified(String text, List<String> unknownTokens, int invisibleCharactersRemoved) {}

    @POST
    @Path("/{id}/reidentify")
    @Timeout
    @Retry(abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<Reidentified> reidentify(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID vault,
            TokenizationClient.TextRequest request);
}
