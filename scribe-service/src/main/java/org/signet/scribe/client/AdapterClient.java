package org.signet.scribe.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** fhir-adapter's context API (minimum necessary for a purpose, consent checked), as scribe-service. */
@RegisterRestClient(configKey = "fhir-adapter")
@OidcClientFilter
@Path("/v1/context")
@Timeout(60_000)
public interface AdapterClient {

    record ContextRequest(String patient, String encounter, String purpose) {}

    /**
     * @param bundle      a FHIR Bundle (collection) with only the purpose's types and elements — raw PHI, kept in
     *                    memory only until tokenization-service pseudonymized it
     * @param fieldsSent  every element path delivered (the minimum-necessary record)
     */
    record ContextResponse(String purpose, int purposeVersion, String purposeOfUse, List<String> modelProviders,
            List<String> noteTypes, List<String> fieldsSent, JsonNode bundle) {}

    @POST
    ContextResponse context(ContextRequest request);
}
