package org.signet.scribe.rest;

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
 * The API's own rules under hostile input: every refusal is problem JSON (also those Quarkus and Vert.x answer
 * themselves), no detail echoes what the caller typed, forged tokens are refused locally and quietly, and nothing
 * about the routes is told to a caller without a token.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class HostileRequestsTest {

    @Test
    void wrongJsonTypesAreA400Problem() {
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body("{\"patient\": 42, \"encounter\": [\"x\"], \"transcript\": {\"a\": 1}}").post("/v1/drafts"), 400);
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body("[1, 2]").post("/v1/drafts"), 400);
        problem(given().auth().oauth2(KeycloakTokens.user("ann.admin")).contentType(ContentType.JSON)
                .body("{\"id\": {}, \"local\": \"maybe\", \"enabled\": [1]}").post("/v1/providers"), 400);
    }

    @Test
    void jsonNestedTenThousandDeepIsA400Problem() {
        String deep = "{\"transcript\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON).body(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/drafts"), 400);
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        String big = "{\"transcript\": \"" + "a".repeat(1_200_000) + "\"}";
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON).body(big)
                .post("/v1/drafts"), 413);
    }

    @Test
    void aLongQueryStringIsA414Problem() {
        for (int length : new int[] {10_000, 100_000}) {
            problem(given().auth().oauth2(KeycloakTokens.user("ann.admin")).urlEncodingEnabled(false)
                    .get("/v1/providers?q=" + "x".repeat(length)), 414);
        }
    }

    @Test
    void notFoundNeverEchoesTheRequestedId() {
        String admin = KeycloakTokens.user("ann.admin");
        for (String id : ProblemAssertions.HOSTILE_IDS) {
            String body = problem(given().auth().oauth2(admin).get("/v1/providers/{id}", id), 404);
            ProblemAssertions.assertNoEcho(body, id);
            body = problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).get("/v1/drafts/{id}", id), 404);
            ProblemAssertions.assertNoEcho(body, id);
        }
        // no such route: Quarkus REST and Vert.x answer 404 as problem JSON too, without repeating the path
        ProblemAssertions.assertNoEcho(problem(given().auth().oauth2(admin).get("/v1/{path}", "<script>"), 404),
                "<script>");
        problem(given().get("/nothing-here"), 404);
        problem(given().auth().oauth2(admin).get("/v1/nothing/here"), 404);
        String unknown = UUID.randomUUID().toString();
        String body = problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).get("/v1/drafts/" + unknown), 404);
        assertFalse(body.contains(unknown), body);
    }

    @Test
    void anUnsignedTokenIsRefusedLocallyWithoutIntrospectionOrErrorLogs() {
        int introspections = IntrospectionCounter.CALLS.get();
        String forged = KeycloakTokens.unsigned("ann.admin");
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 20; i++) {
                problem(given().auth().oauth2(forged).get("/v1/providers"), 401);
            }
            problem(given().auth().oauth2("not.a.jwt").get("/v1/providers"), 401);
            problem(given().auth().oauth2("opaque-garbage").get("/v1/providers"), 401);
            assertEquals(introspections, IntrospectionCounter.CALLS.get(), "forged tokens were sent to Keycloak");
            assertEquals(List.of(), logs.errors());
            // rate-limited: twenty-two refused tokens in a row make at most one warning (two across a minute's turn)
            assertTrue(logs.warnings().size() <= 2, logs.warnings().toString());
        }
    }

    @Test
    void aWrongMethodIsRefusedAsUnauthenticatedWithoutAToken() {
        problem(given().delete("/v1/providers"), 401);
        problem(given().contentType(ContentType.JSON).body("{}").put("/v1/drafts"), 401);
        problem(given().delete("/v1/drafts/" + UUID.randomUUID()), 401);
        // with a token, the method is wrong (as problem JSON)
        problem(given().auth().oauth2(KeycloakTokens.user("ann.admin")).delete("/v1/providers"), 405);
    }

    static String problem(Response response, int status) {
        return ProblemAssertions.assertProblem(status, response.statusCode(), response.contentType(),
                response.asString());
    }
}
