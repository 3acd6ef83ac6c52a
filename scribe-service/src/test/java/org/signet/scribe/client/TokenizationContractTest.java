package org.signet.scribe.client;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.signet.kit.ApiContracts;

/** What this service's clients of tokenization-service send and read is what its committed contract says. */
class TokenizationContractTest {

    @Test
    void theClientsCallWhatTheContractWithTokenizationServiceSays() {
        ApiContracts.drift("tokenization-service", "scribe-service", TokenizationClient.class).ifPresent(Assertions::fail);
    }
}
