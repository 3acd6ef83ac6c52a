package org.signet.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.signet.kit.ApiContracts;

/** What this service's clients of tokenization-service send and read is what its committed contract says. */
class TokenizationContractTest {

    @Test
    void theClientsCallWhatTheContractWithTokenizationServiceSays() {
        ApiContracts.Contract described = new ApiContracts.Contract("fhir-adapter", "tokenization-service",
                ApiContracts.describe(TokenizationApi.class));
        String expected = ApiContracts.asJson(described);
        String committed = ApiContracts.asJson(ApiContracts.load("tokenization-service", "fhir-adapter"));
        assertEquals(expected, committed, "contracts/src/main/resources/api-contracts/tokenization-service/"
                + "fhir-adapter.json no longer says what the clients do; if the change is meant, commit what they do "
                + "now (tokenization-service's build then checks that it serves it):\n" + expected);
    }
}
