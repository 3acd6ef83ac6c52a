package org.signet.adapter.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.services.testing.HostileInputs;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.RateLimitProbe;
import org.signet.services.testing.SandboxEhrResource;
import org.signet.services.testing.StateSnapshot;

/**
 * Hostile input against the EHR door: every malformed, oversized or probing request is refused as problem JSON that
 * repeats nothing; no purpose, opt-out or filing changes and nothing is published.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "fhir-adapter"))
@WithTestResource(SandboxEhrResource.class)
class HostileInputTest {

    private static final long BODY_LIMIT = 1_048_576;

    @TestHTTPResource("/")
    URI base;

    @Test
    void malformedOversizedAndProbingRequestsAreRefusedAndChangeNothing() throws Exception {
        // an admin of its own: every admin change counts against its account's rate limit
        String admin = KeycloakTokens.user(RateLimitProbe.freshUser("admin"));
        String scribe = KeycloakTokens.service("scribe-service");
        List<HostileInputs.Case> cases = new ArrayList<>();
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/context", scribe,
                "{\"patient\": 42, \"encounter\": {\"a\": 1}, \"purpose\": [\"" + HostileInputs.MARKER + "\"]}",
                BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/consent/opt-outs", admin,
                "{\"patient\": [\"" + HostileInputs.MARKER + "\"], \"reason\": {\"a\": 1}}", BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forIdInPath("GET", "/v1/consent/opt-outs/{id}", admin, null, 404));
        // a body of one string (the reason) is still refused as text: every body of the API is JSON
        cases.add(HostileInputs.of("a revocation's reason sent as text/plain", "POST", "/v1/consent/opt-outs/"
                + java.util.UUID.randomUUID() + "/revoke", admin, "text/plain", HostileInputs.MARKER, 415));
        StateSnapshot before = StateSnapshot.settled("adapter", List.of(), List.of(Topics.NOTES_FILED));
        HostileInputs.assertRefused(base, cases);
        StateSnapshot.take("adapter", List.of(), List.of(Topics.NOTES_FILED)).assertSameAs(before);
    }
}
