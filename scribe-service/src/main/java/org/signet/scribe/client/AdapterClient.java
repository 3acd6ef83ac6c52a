package org.signet.scribe.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.signet.kit.ConnectionLost;

/** fhir-adapter's context API (minimum necessary for a purpose, consent checked), as scribe-service. */
@RegisterRestClient(configKey = "fhir-adapter")
@OidcClientFilter
@Path("/v1/context")
@Timeout
public interface AdapterClient {

    record ContextRequest(String patient, String encounter, String purpose) {}

    /**
     * @param bundle      a FHIR Bundle (collection) with only the purpose's types and elements — raw PHI, kept in
     *                    memory only until tokenization-service pseudonymized it
     * @param fieldsSent  every element path delivered (the minimum-necessary record)
     * @param retention   the purpose's retention where it differs from the defaults, or null
     */
    record ContextResponse(String purpose, int purposeVersion, String purposeOfUse, List<String> modelProviders,
            List<String> noteTypes, List<String> fieldsSent, JsonNode bundle, Retention retention) {}

    /**
     * How long a purpose's drafts leave traces, in days; each null means the default of the service that keeps it.
     *
     * @param reviewDays a draft awaiting review expires after (signoff-service)
     * @param vaultDays  the draft's vault is crypto-shredded after, from when it was opened (tokenization-service)
     * @param jobDays    a finished draft job is deleted after (scribe-service)
     */
    record Retention(Integer reviewDays, Integer vaultDays, Integer jobDays) {}

    /** A read (each answer is audited as a disclosure): made again on a new connection when one was lost. */
    @POST
    @Retry
    @RetryWhen(exception = ConnectionLost.class)
    ContextResponse context(ContextRequest request);
}
