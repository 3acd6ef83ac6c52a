package org.signet.tokenization.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.TopicReader;

/** The service really connects: PostgreSQL (Flyway + reactive), Kafka and Keycloak, all real. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "tokenization-service"))
class TokenizationFoundationTest {

    private static final String VAULT = """
            {"patientRef": "Patient/foundation-1", "owner": "user-ada"}""";

    @Test
    void readinessIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void withoutATokenTheAnswerIs401Problem() {
        given().contentType(ContentType.JSON).body(VAULT).post("/v1/vaults")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://signet.example.org/problems/unauthenticated"));
    }

    @Test
    void aClinicianTokenIsTheWrongRole() {
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON).body(VAULT)
                .post("/v1/vaults")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anotherServiceMayNotCreateVaults() {
        given().auth().oauth2(KeycloakTokens.service("signoff-service")).contentType(ContentType.JSON).body(VAULT)
                .post("/v1/vaults")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theDraftingServiceCreatesAVaultAndItIsAudited() {
        String id = given().auth().oauth2(KeycloakTokens.service("scribe-service"))
                .contentType(ContentType.JSON).body(VAULT)
                .post("/v1/vaults")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("kekId", startsWith("local-file:v"))
                .extract().path("id");

        TopicReader.await(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS,
                record -> record.contains("\"vault/" + id + "\"") && record.contains("\"SUCCESS\"")
                        && record.contains("\"service\":\"tokenization-service\""),
                Duration.ofSeconds(20));
    }

    @Test
    void anInvalidBodyIsAProblemNotA500() {
        given().auth().oauth2(KeycloakTokens.service("scribe-service")).contentType(ContentType.JSON)
                .body("{\"patientRef\": \"Jane Doe\", \"owner\": \"\"}")
                .post("/v1/vaults")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://signet.example.org/problems/validation"));
        given().auth().oauth2(KeycloakTokens.service("scribe-service")).contentType(ContentType.JSON)
                .body("{not json")
                .post("/v1/vaults")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
