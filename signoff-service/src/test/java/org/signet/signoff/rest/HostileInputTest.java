package org.signet.signoff.rest;

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
import org.signet.services.testing.SignetServicesResource;
import org.signet.services.testing.StateSnapshot;
import org.signet.signoff.queue.Fixtures;

/**
 * Hostile input against the front door, the UI's endpoints included: every malformed, oversized or probing request is
 * refused as problem JSON that repeats nothing; the draft it aimed at, the queue and the outbox are as they were and
 * nothing is published.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
// the same resources as the other test classes, so they share one application start
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class HostileInputTest {

    private static final long BODY_LIMIT = 1_048_576;

    @TestHTTPResource("/")
    URI base;

    @Test
    void malformedOversizedAndProbingRequestsAreRefusedAndChangeNothing() throws Exception {
        Fixtures.Draft draft = Fixtures.publishDraft("dr.ada");
        Fixtures.awaitState("dr.ada", draft.id(), "PENDING_REVIEW");
        String ada = KeycloakTokens.user("dr.ada");
        // an account of its own for draft requests, which count against its rate limit in scribe-service
        String requester = KeycloakTokens.user(RateLimitProbe.freshUser("clinician"));
        String path = "/v1/drafts/" + draft.id();
        List<HostileInputs.Case> cases = new ArrayList<>();
        cases.addAll(HostileInputs.forJsonOperation("PUT", path, ada,
                "{\"text\": {\"a\": \"" + HostileInputs.MARKER + "\"}}", BODY_LIMIT, Map.of("If-Match", "\"1\"")));
        cases.addAll(HostileInputs.forJsonOperation("POST", path + "/sign", ada,
                "{\"attest\": \"" + HostileInputs.MARKER + "\"}", BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/drafts", requester,
                "{\"patient\": 42, \"encounter\": [\"x\"], \"transcript\": {\"a\": \"" + HostileInputs.MARKER + "\"}}",
                BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forIdInPath("GET", "/v1/drafts/{id}", ada, null, 404));
        // the browser's way in: a launch from an issuer nobody registered, with script and CRLF in its parameters
        cases.add(HostileInputs.of("an EHR launch from an untrusted issuer", "GET",
                "/launch?iss=javascript%3Aalert(1)&launch=" + HostileInputs.MARKER, null, null, (String) null, 400));
        cases.add(HostileInputs.of("an EHR launch without its launch parameter", "GET",
                "/launch?iss=https%3A%2F%2Fehr.example%2Ffhir%0D%0ASet-Cookie%3A%20a%3Db", null, null, (String) null, 400));
        cases.add(HostileInputs.of("a standalone launch for an EHR nobody configured", "GET",
                "/launch/standalone?ehr=%3Cscript%3E" + HostileInputs.MARKER, null, null, (String) null, 400));
        cases.add(HostileInputs.of("a launch callback with a forged state", "GET",
                "/launch/callback?code=" + HostileInputs.MARKER + "&state=%0D%0Aforged", null, null, (String) null, 400));
        List<String> topics = List.of(Topics.NOTES_SIGNED);
        StateSnapshot before = StateSnapshot.settled("signoff", List.of("purge_run"), topics);
        HostileInputs.assertRefused(base, cases);
        StateSnapshot.take("signoff", List.of("purge_run"), topics).assertSameAs(before);
    }
}
