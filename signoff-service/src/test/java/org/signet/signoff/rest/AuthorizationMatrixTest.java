package org.signet.signoff.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.services.testing.AuthorizationMatrix;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;
import org.signet.signoff.queue.Fixtures;

/**
 * Every operation of the API × every caller, as {@code authz-matrix.txt} declares: the draft in the path waits in
 * the first clinician's queue, so the second one reaches for someone else's draft.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
// the same resources as the other test classes, so they share one application start
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class AuthorizationMatrixTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersEveryCallerAsDeclared() {
        Fixtures.Draft draft = Fixtures.publishDraftWithEvidence(AuthorizationMatrix.OWNER);
        Fixtures.awaitState(AuthorizationMatrix.OWNER, draft.id(), "PENDING_REVIEW");
        AuthorizationMatrix.load("signoff-service", "/authz-matrix.txt")
                .check(base, Map.of("id", draft.id().toString())).assertAsDeclared();
    }
}
