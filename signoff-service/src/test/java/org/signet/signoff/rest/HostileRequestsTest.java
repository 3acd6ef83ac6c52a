package org.signet.signoff.rest;

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
import org.signet.services.testing.SignetServicesResource;

/**
 * The API's own rules under hostile input: every refusal is problem JSON (also those Quarkus and Vert.x answer
 * themselves, and scribe's passed through), no detail echoes what the caller typed, forged tokens are refused
 * quietly, and a caller without a token learns nothing about the routes.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
// the same resources as the other test classes, so they share one application start
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class HostileRequestsTest {

    @Test
    void wrongJsonTypesAreA400Problem() {
        String ada = KeycloakTokens.user("dr.ada");
        String draft = "/v1/drafts/" + UUID.randomUUID();
        // a new draft request passes through to scribe, whose refusal passes back
        problem(given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"patient\": 42, \"encounter\": [\"x\"], \"transcript\": {\"a\": 1}}").post("/v1/drafts"), 400);
        problem(given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"attest\": \"yes\"}")
                .post(draft + "/sign"), 400);
        problem(given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"attest\": [true]}")
                .post(draft + "/sign"), 400);
        problem(given().auth().oauth2(ada).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body("{\"text\": {\"a\": 1}}").put(draft), 400);
    }

    @Test
    void jsonNestedTenThousandDeepIsA400Problem() {
        String deep = "{\"attest\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON).body(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/drafts/" + UUID.randomUUID() + "/sign"), 400);
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        String big = "{\"text\": \"" + "a".repeat(1_200_000) + "\"}";
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .header("If-Match", "\"1\"").body(big).put("/v1/drafts/" + UUID.randomUUID()), 413);
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON).body(big)
                .post("/v1/drafts"), 413);
    }

    @Test
    void aLongQueryStringIsA414Problem() {
        for (int length : new int[] {10_000, 100_000}) {
            problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).urlEncodingEnabled(false)
                    .get("/v1/queue?q=" + "x".repeat(length)), 414);
        }
    }

    @Test
    void notFoundNeverEchoesTheRequestedId() {
        String ada = KeycloakTokens.user("dr.ada");
        for (String id : ProblemAssertions.HOSTILE_IDS) {
            ProblemAssertions.assertNoEcho(problem(given().auth().oauth2(ada).get("/v1/drafts/{id}", id), 404), id);
        }
        String unknown = UUID.randomUUID().toString();
        String body = problem(given().auth().oauth2(ada).get("/v1/drafts/" + unknown), 404);
        assertFalse(body.contains(unknown), body);
    }

    @Test
    void anUnsignedTokenIsRefusedQuietly() {
        String forged = KeycloakTokens.unsigned("dr.ada");
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 20; i++) {
                problem(given().auth().oauth2(forged).get("/v1/queue"), 401);
            }
            problem(given().auth().oauth2("opaque-garbage").get("/v1/queue"), 401);
            assertEquals(List.of(), logs.errors());
            assertTrue(logs.warnings().size() <= 2, logs.warnings().toString());
        }
    }

    @Test
    void aWrongMethodIsRefusedAsUnauthenticatedWithoutAToken() {
        problem(given().delete("/v1/queue"), 401);
        problem(given().delete("/v1/drafts/" + UUID.randomUUID() + "/sign"), 401);
        problem(given().auth().oauth2(KeycloakTokens.user("dr.ada")).delete("/v1/queue"), 405);
    }

    static String problem(Response response, int status) {
        return ProblemAssertions.assertProblem(status, response.statusCode(), response.contentType(),
                response.asString());
    }
}
