package org.signet.adapter.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** tokenization-service's re-identification endpoint, called with fhir-adapter's own service-account token. */
@RegisterRestClient(configKey = "tokenization")
@OidcClientFilter
@Path("/v1/vaults")
public interface TokenizationApi {

    @POST
    @Path("/{vaultId}/reidentify")
    ReidentifyResponse reidentify(@PathParam("vaultId") UUID vaultId, ReidentifyRequest request);

    record ReidentifyRequest(String text) {}

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record ReidentifyResponse(String text, List<String> unknownTokens) {}
}
