package org.signet.tokenization.rest;

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

/**
 * Every operation of the API × every caller, as {@code authz-matrix.txt} declares: the vault in the path belongs to
 * the first clinician, so the second one is "someone else's vault".
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "tokenization-service"))
class AuthorizationMatrixTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersEveryCallerAsDeclared() {
        String vault = VaultApiTest.createVault(AuthorizationMatrix.OWNER);
        AuthorizationMatrix.load("tokenization-service", "/authz-matrix.txt")
                .check(base, Map.of("id", vault))
                .assertAsDeclared();
    }
}
