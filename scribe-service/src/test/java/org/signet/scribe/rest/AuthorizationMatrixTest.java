package org.signet.scribe.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.scribe.draft.DraftJobs;
import org.signet.services.testing.AuthorizationMatrix;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;

/**
 * Every operation of the API × every caller, as {@code authz-matrix.txt} declares: the draft job in the path was
 * requested by the first clinician, so the second one asks about someone else's draft.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class AuthorizationMatrixTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    DraftJobs jobs;

    @Test
    void everyOperationAnswersEveryCallerAsDeclared() {
        UUID job = UUID.randomUUID();
        jobs.create(job, KeycloakTokens.subject(AuthorizationMatrix.OWNER), "progress-note", "11506-3", "extractive");
        AuthorizationMatrix.load("scribe-service", "/authz-matrix.txt").check(base, Map.of("id", job.toString()))
                .assertAsDeclared();
    }
}
