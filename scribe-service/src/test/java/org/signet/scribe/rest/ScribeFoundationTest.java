package org.signet.scribe.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;

/** The service really connects: PostgreSQL (Flyway + reactive), Kafka and Keycloak, all real. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class ScribeFoundationTest {

    @Test
    void readinessIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void withoutATokenTheAnswerIs401Problem() {
        given().get("/v1/providers").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aClinicianMayNotAdministerProviders() {
        given().auth().oauth2(KeycloakTokens.user("dr.ben")).get("/v1/providers")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anAdminSeesTheEmbeddedExtractiveProvider() {
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).get("/v1/providers")
                .then().statusCode(200)
                .body("id", hasItem("extractive"))
                .body("find { it.id == 'extractive' }.local", equalTo(true));
    }
}
