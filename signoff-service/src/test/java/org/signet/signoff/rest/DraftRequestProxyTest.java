package org.signet.signoff.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.TopicReader;
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

    @Test
    void anotherCliniciansJobOrAnUnknownOneIsRefusedBeforeAnyStreamOpens() {
        String id = given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("patient", "Patient/proxy-test", "encounter", "Encounter/proxy-test",
                        "purpose", "progress-note", "noteType", "11506-3", "provider", "extractive",
                        "transcript", "Knee pain."))
                .post("/v1/drafts").then().statusCode(202).extract().path("id");
        // scribe answers 403 to another clinician; the passthrough must too, audited, not an empty 200 stream
        given().auth().oauth2(KeycloakTokens.user("dr.ben")).accept("text/event-stream")
                .get("/v1/drafts/" + id + "/events").then().statusCode(403)
                .contentType("application/problem+json");
        String ben = KeycloakTokens.subject("dr.ben");
        TopicReader.await(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS,
                r -> r.contains("\"draft/" + id + "\"") && r.contains("\"draft.events\"")
                        && r.contains("\"DENIED\"") && r.contains(ben), Duration.ofSeconds(20));
        String unknown = UUID.randomUUID().toString();
        String body = given().auth().oauth2(KeycloakTokens.user("dr.ada")).accept("text/event-stream")
                .get("/v1/drafts/" + unknown + "/events").then().statusCode(404)
                .contentType("application/problem+json").extract().asString();
        assertFalse(body.contains(unknown), body);
    }
}
