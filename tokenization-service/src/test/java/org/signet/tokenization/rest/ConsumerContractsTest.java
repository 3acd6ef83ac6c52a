package org.signet.tokenization.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.signet.kit.ApiContracts;

/**
 * tokenization-service serves what each of its consumers' committed contracts says it calls (the consumers' builds
 * check that their clients still do what their contracts say): a field renamed here, or one a consumer's record
 * gained, fails this build.
 */
class ConsumerContractsTest {

    private static final List<String> CONSUMERS = List.of("scribe-service", "signoff-service", "fhir-adapter");

    @Test
    void everyConsumersContractIsServed() {
        List<ApiContracts.Operation> served = ApiContracts.describe(VaultResource.class);
        Map<String, Set<String>> required = ApiContracts.required(VaultResource.class);
        List<String> unmet = new ArrayList<>();
        for (ApiContracts.Contract contract : ApiContracts.loadAll("tokenization-service", CONSUMERS)) {
            unmet.addAll(ApiContracts.unmetBy(served, required, contract));
        }
        assertEquals(List.of(), unmet);
    }
}
