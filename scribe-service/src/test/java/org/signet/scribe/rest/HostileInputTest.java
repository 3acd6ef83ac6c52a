package org.signet.scribe.rest;

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
import org.signet.services.testing.StateSnapshot;

/**
 * Hostile input against the drafting API: every malformed, oversized or probing request is refused as problem JSON
 * that repeats nothing, no job is created and nothing is published.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class HostileInputTest {

    private static final long BODY_LIMIT = 1_048_576;

    @TestHTTPResource("/")
    URI base;

    @Test
    void malformedOversizedAndProbingRequestsAreRefusedAndChangeNothing() throws Exception {
        // accounts of their own: every draft request counts against its account's rate limit
        String clinician = KeycloakTokens.user(RateLimitProbe.freshUser("clinician"));
        String admin = KeycloakTokens.user(RateLimitProbe.freshUser("admin"));
        List<HostileInputs.Case> cases = new ArrayList<>();
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/drafts", clinician,
                "{\"patient\": 42, \"encounter\": [\"x\"], \"transcript\": {\"a\": \"" + HostileInputs.MARKER + "\"}}",
                BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/providers", admin,
                "{\"id\": \"x\", \"kind\": [\"" + HostileInputs.MARKER + "\"], \"enabled\": {\"a\": 1}}", BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forIdInPath("GET", "/v1/drafts/{id}", clinician, null, 404));
        cases.addAll(HostileInputs.forIdInPath("GET", "/v1/drafts/{id}/events", clinician, null, 404));
        StateSnapshot before = StateSnapshot.take("scribe", List.of("purge_run"), List.of(Topics.DRAFTS_READY));
        HostileInputs.assertRefused(base, cases);
        StateSnapshot.take("scribe", List.of("purge_run"), List.of(Topics.DRAFTS_READY)).assertSameAs(before);
    }
}
