package org.signet.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.junit.jupiter.api.Test;

class ApiContractsTest {

    record Item(@NotBlank String type, String value) {}

    record Request(@NotNull List<Item> items, String note) {}

    record Answer(String id, List<Item> items) {}

    /** The provider's resource. */
    @Path("/v1/things")
    interface Provider {
        @POST
        @Path("/{id}/items")
        Uni<Answer> add(@PathParam("id") UUID id, @HeaderParam("Idempotency-Key") String key, Request request);

        @POST
        @APIResponseSchema(value = Answer.class, responseCode = "201")
        Response open(Request request);

        @DELETE
        @Path("/{id}")
        Response remove(@PathParam("id") UUID id);
    }

    record ClientItem(String type, String value) {}

    record ClientRequest(List<ClientItem> items) {}

    record ClientAnswer(String id) {}

    /** A consumer's client of it: other parameter names, a subset of the fields. */
    @Path("/v1/things/")
    interface Client {
        @POST
        @Path("{thing}/items")
        ClientAnswer add(@PathParam("thing") UUID thing, ClientRequest request);
    }

    private static ApiContracts.Contract contractOf(Class<?> client) {
        return new ApiContracts.Contract("consumer", "provider", ApiContracts.describe(client));
    }

    private static List<String> unmet(ApiContracts.Contract contract) {
        return ApiContracts.unmetBy(ApiContracts.describe(Provider.class), ApiContracts.required(Provider.class),
                contract);
    }

    @Test
    void anOperationIsItsMethodPathAndTheFieldsOfItsBodies() {
        assertEquals(List.of(new ApiContracts.Operation("POST", "/v1/things", Set.of("items[].type",
                        "items[].value", "note"), Set.of("id", "items[].type", "items[].value")),
                new ApiContracts.Operation("DELETE", "/v1/things/{}", Set.of(), Set.of()),
                new ApiContracts.Operation("POST", "/v1/things/{}/items", Set.of("items[].type", "items[].value",
                        "note"), Set.of("id", "items[].type", "items[].value"))),
                ApiContracts.describe(Provider.class));
        assertEquals(Set.of("items", "items[].type"), ApiContracts.required(Provider.class)
                .get("POST /v1/things/{}/items"));
    }

    @Test
    void aClientThatSendsWhatIsRequiredAndReadsWhatIsAnsweredIsServed() {
        assertEquals(List.of(), unmet(contractOf(Client.class)));
    }

    @Test
    void aRenamedFieldAMissingRequiredOneOrAnUnknownPathIsUnmet() {
        ApiContracts.Contract drifted = new ApiContracts.Contract("consumer", "provider", List.of(
                new ApiContracts.Operation("POST", "/v1/things/{}/items", Set.of("items[].kind", "items[].value"),
                        Set.of("identifier")),
                new ApiContracts.Operation("PUT", "/v1/things/{}", Set.of(), Set.of())));
        assertEquals(List.of(
                "consumer: POST /v1/things/{}/items sends items[].kind, which is not read",
                "consumer: POST /v1/things/{}/items does not send items[].type, which is required",
                "consumer: POST /v1/things/{}/items reads identifier, which is not answered",
                "consumer: PUT /v1/things/{} is not served"), unmet(drifted));
    }

    @Test
    void aContractReadsBackAsItWasWritten() throws Exception {
        ApiContracts.Contract contract = contractOf(Client.class);
        assertEquals(contract, new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                ApiContracts.asJson(contract), ApiContracts.Contract.class));
    }

    @Test
    void aClientThatNoLongerMatchesItsCommittedContractIsToldWhatToCommit() {
        // scribe-service's committed contract with tokenization-service is not what this test's client does
        String drift = ApiContracts.drift("tokenization-service", "scribe-service", Client.class).orElseThrow();
        assertTrue(drift.startsWith("contracts/src/main/resources/api-contracts/tokenization-service/"
                + "scribe-service.json no longer says what the clients do"), drift);
        assertTrue(drift.contains("\"path\" : \"/v1/things/{}/items\""), drift);
    }
}
