package org.signet.tokenization.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.LogCapture;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.ProblemAssertions;

/**
 * The API's own rules under hostile input: refusals are problem JSON, no detail echoes what the caller typed,
 * forged tokens are refused quietly, and a caller without a token learns nothing about the routes.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "tokenization-service"))
class HostileRequestsTest {

    @Test
    void wrongJsonTypesAreA400Problem() {
        String path = "/v1/vaults/" + UUID.randomUUID() + "/reidentify";
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body("{\"text\": {\"a\": 1}}").post(path), 400);
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body("[\"text\"]").post(path), 400);
        String deep = "{\"text\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON).body(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(path), 400);
    }

    @Test
    void notFoundNeverEchoesTheRequestedId() {
        String unknown = UUID.randomUUID().toString();
        String body = problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body("{\"text\": \"x\"}").post("/v1/vaults/" + unknown + "/reidentify"), 404);
        assertFalse(body.contains(unknown), body);
        for (String id : ProblemAssertions.HOSTILE_IDS) {
            ProblemAssertions.assertNoEcho(problem(given().auth().oauth2(KeycloakTokens.user("dr.ada"))
                    .contentType(ContentType.JSON).body("{\"text\": \"x\"}")
                    .post("/v1/vaults/{id}/reidentify", id), 404), id);
        }
    }

    @Test
    void anUnsignedTokenIsRefusedQuietly() {
        String forged = KeycloakTokens.unsigned("dr.ada");
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 20; i++) {
                problem(given().auth().oauth2(forged).contentType(ContentType.JSON).body("{\"text\": \"x\"}")
                        .post("/v1/vaults/" + UUID.randomUUID() + "/reidentify"), 401);
            }
            problem(given().auth().oauth2("opaque-garbage").post("/v1/admin/kek/rotate"), 401);
            assertEquals(List.of(), logs.errors());
            assertTrue(logs.warnings().size() <= 2, logs.warnings().toString());
        }
    }

    @Test
    void aWrongMethodIsRefusedAsUnauthenticatedWithoutAToken() {
        problem(given().get("/v1/admin/kek/rotate"), 401);
        problem(given().get("/v1/vaults/" + UUID.randomUUID() + "/reidentify"), 401);
        problem(given().auth().oauth2(KeycloakTokens.user("ann.admin")).get("/v1/admin/kek/rotate"), 405);
    }

    static String problem(Response response, int status) {
        return ProblemAssertions.assertProblem(status, response.statusCode(), response.contentType(),
                response.asString());
    }
}
