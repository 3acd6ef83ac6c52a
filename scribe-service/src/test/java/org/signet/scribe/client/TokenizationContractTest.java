package org.signet.scribe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.signet.kit.ApiContracts;

/** What this service's clients of tokenization-service send and read is what its committed contract says. */
class TokenizationContractTest {

    @Test
    void theClientsCallWhatTheContractWithTokenizationServiceSays() {
        ApiContracts.Contract described = new ApiContracts.Contract("scribe-service", "tokenization-service",
                ApiContracts.describe(TokenizationClient.class));
        String expected = ApiContracts.asJson(described);
        String committed = ApiContracts.asJson(ApiContracts.load("tokenization-service", "scribe-service"));
        assertEquals(expected, committed, "contracts/src/main/resources/api-contracts/tokenization-service/"
                + "scribe-service.json no longer says what the clients do; if the change is meant, commit what they do "
                + "now (tokenization-service's build then checks that it serves it):\n" + expected);
    }
}
