package org.signet.scribe.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.signet.kit.ConnectionLost;

/**
 * tokenization-service's vault API, called with scribe-service's own service account. A call whose connection was
 * lost (a replica killed under it) is made again on a new connection: each is safe to repeat (a create carries the
 * job's {@code Idempotency-Key}, a vault issues the same token for the same value, shredding twice shreds once).
 */
@RegisterRestClient(configKey = "tokenization")
@OidcClientFilter
@Path("/v1/vaults")
@Timeout
@Retry
@RetryWhen(exception = ConnectionLost.class)
public interface TokenizationClient {

    record CreateVault(String patientRef, String owner, String retentionPolicy, Integer ttlDays) {}

    record VaultCreated(UUID id, String kekId, Instant createdAt, Instant expiresAt) {}

    record TypedValue(String type, String value) {}

    record TokenizeRequest(List<TypedValue> values) {}

    record Tokenized(List<String> tokens) {}

    record TextRequest(String text) {}

    /** {@code resource}: the context Bundle as fhir-adapter sent it (raw PHI, in memory only). */
    record ChartAndText(JsonNode resource, String text) {}

    /** {@code resource}: the pseudonymized Bundle. */
    record PseudonymizedChartAndText(JsonNode resource, String text) {}

    record Finding(String type, int start, int end) {}

    record GuardResult(boolean clean, List<Finding> findings) {}

    /** {@code idempotencyKey}: the draft job's id; the same key again answers the vault it opened. */
    @POST
    VaultCreated create(@HeaderParam("Idempotency-Key") String idempotencyKey, CreateVault request);

    /** How long the vault is kept, from when it was opened (the draft's purpose says). */
    record Retention(Integer ttlDays, String retentionPolicy) {}

    @jakarta.ws.rs.PUT
    @Path("/{id}/retention")
    VaultCreated retain(@PathParam("id") UUID vault, Retention request);

    @POST
    @Path("/{id}/tokens")
    Tokenized tokenize(@PathParam("id") UUID vault, TokenizeRequest request);

    /** The chart, then the transcript with the chart's identifiers as its dictionary: one transaction. */
    @POST
    @Path("/{id}/chart-and-text")
    PseudonymizedChartAndText pseudonymize(@PathParam("id") UUID vault, ChartAndText request);

    @POST
    @Path("/{id}/guard")
    GuardResult guard(@PathParam("id") UUID vault, TextRequest request);

    @DELETE
    @Path("/{id}")
    void shred(@PathParam("id") UUID vault);
}
