package org.signet.adapter.rest;

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
import org.signet.services.testing.SandboxEhrResource;

/**
 * The API's own rules under hostile input: refusals are problem JSON, no detail echoes what the caller typed,
 * forged tokens are refused quietly, and a caller without a token learns nothing about the routes.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "fhir-adapter"))
@WithTestResource(SandboxEhrResource.class)
class HostileRequestsTest {

    @Test
    void wrongJsonTypesAreA400Problem() {
        String admin = KeycloakTokens.signedIn("ann.admin");
        problem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"id\": 5, \"displayName\": [], \"definition\": \"all\"}").post("/v1/purposes"), 400);
        problem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"patient\": {\"a\": 1}, \"reason\": [1]}").post("/v1/consent/opt-outs"), 400);
        String deep = "{\"definition\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        problem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/v1/purposes"), 400);
    }

    @Test
    void notFoundNeverEchoesTheRequestedId() {
        String admin = KeycloakTokens.signedIn("ann.admin");
        for (String id : ProblemAssertions.HOSTILE_IDS) {
            ProblemAssertions.assertNoEcho(problem(given().auth().oauth2(admin).get("/v1/purposes/{id}", id), 404),
                    id);
            ProblemAssertions.assertNoEcho(problem(given().auth().oauth2(admin)
                    .get("/v1/purposes/{id}/versions/3", id), 404), id);
            ProblemAssertions.assertNoEcho(problem(given().auth().oauth2(admin).get("/v1/consent/opt-outs/{id}", id),
                    404), id);
        }
        String unknown = UUID.randomUUID().toString();
        String body = problem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(java.util.Map.of("reason", "a probe")).post("/v1/consent/opt-outs/" + unknown + "/revoke"), 404);
        assertFalse(body.contains(unknown), body);
    }

    @Test
    void anUnsignedTokenIsRefusedQuietly() {
        String forged = KeycloakTokens.unsigned("ann.admin");
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 20; i++) {
                problem(given().auth().oauth2(forged).get("/v1/purposes"), 401);
            }
            problem(given().auth().oauth2("opaque-garbage").get("/v1/purposes"), 401);
            assertEquals(List.of(), logs.errors());
            assertTrue(logs.warnings().size() <= 2, logs.warnings().toString());
        }
    }

    @Test
    void aWrongMethodIsRefusedAsUnauthenticatedWithoutAToken() {
        problem(given().delete("/v1/purposes"), 401);
        problem(given().get("/v1/context"), 401);
        problem(given().auth().oauth2(KeycloakTokens.signedIn("ann.admin")).delete("/v1/purposes"), 405);
    }

    static String problem(Response response, int status) {
        return ProblemAssertions.assertProblem(status, response.statusCode(), response.contentType(),
                response.asString());
    }
}
