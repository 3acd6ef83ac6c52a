package org.signet.signoff.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * tokenization-service's vault API, called with signoff-service's own service account (client credentials): it
 * may pseudonymize text into a draft's vault, never re-identify (see {@link ReidentificationClient}).
 */
@RegisterRestClient(configKey = "tokenization")
@OidcClientFilter
@Path("/v1/vaults")
public interface TokenizationClient {

    record TextRequest(String text) {

        @Override
        public String toString() {
            return "TextRequest[" + (text == null ? 0 : text.length()) + " chars]";
        }
    }

    record PseudonymizedText(String text) {}

    /** Same original, same token: a retry after a lost answer changes nothing. */
    @POST
    @Path("/{id}/text")
    @Timeout
    @Retry(abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<PseudonymizedText> pseudonymizeText(@PathParam("id") UUID vault, TextRequest request);
}
