package org.signet.audit;

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

/** Every operation of the API × every caller, as {@code authz-matrix.txt} declares. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "audit-service"))
// the same resources as AuditApiTest, so they share one application start
@WithTestResource(AuditWitnessResource.class)
class AuthorizationMatrixTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersEveryCallerAsDeclared() {
        AuthorizationMatrix.load("audit-service", "/authz-matrix.txt").check(base, Map.of()).assertAsDeclared();
    }
}
