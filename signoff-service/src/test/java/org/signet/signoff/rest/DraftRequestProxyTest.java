package org.signet.signoff.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.signoff.queue.Fixtures;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;

/**
 * New draft requests and their progress go to the real scribe-service (a process) with the clinician's own token.
 * fhir-adapter is not running here, so the job ends failed at the context step: enough to see the stream end.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class DraftRequestProxyTest {

    @Test
    void aRequestReachesScribeAsTheClinicianAndItsProgressStreamsThrough() throws Exception {
        String canary = "Canarytranscript" + Long.toHexString(System.nanoTime());
        String id = given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("patient", "Patient/proxy-test", "encounter", "Encounter/proxy-test",
                        "purpose", "progress-note", "noteType", "11506-3", "provider", "extractive",
                        "transcript", "Patient: my name is Mrs. " + canary + " and my knee hurts."))
                .post("/v1/drafts").then().statusCode(202)
                .header("Location", endsWith("/events"))
                .body("state", equalTo("RECEIVED")).extract().path("id");
        String stream = given().auth().oauth2(KeycloakTokens.user("dr.ada")).accept("text/event-stream")
                .get("/v1/drafts/" + id + "/events").then().statusCode(200).extract().asString();
        assertTrue(stream.contains("\"RECEIVED\""), stream);
        assertTrue(stream.contains("\"terminal\":true"), stream);
        // the transcript was in flight only: not stored, not logged
        assertTrue(Fixtures.rowsOfSchema("signoff").stream().noneMatch(r -> r.contains(canary)));
        assertTrue(!Files.readString(Path.of("target/signoff-test.log")).contains(canary));
    }

    @Test
    void scribesRefusalsPassThroughAndOnlyCliniciansMayRequest() {
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("patient", "not a reference", "transcript", "x"))
                .post("/v1/drafts").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).contentType(ContentType.JSON)
                .body(Map.of("patient", "Patient/x", "transcript", "x"))
                .post("/v1/drafts").then().statusCode(403);
    }
}
