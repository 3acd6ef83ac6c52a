package org.signet.adapter.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
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
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "fhir-adapter"))
// the same resources as the other tests of this module, so Quarkus starts the application once
@WithTestResource(org.signet.services.testing.SandboxEhrResource.class)
class AdapterFoundationTest {

    @Test
    void readinessIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void withoutATokenTheAnswerIs401Problem() {
        given().get("/v1/purposes").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aClinicianMayNotAdministerPurposes() {
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).get("/v1/purposes")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anAdminSeesTheFourSeededPurposesFromTheDatabase() {
        given().auth().oauth2(KeycloakTokens.signedIn("ann.admin")).get("/v1/purposes")
                .then().statusCode(200)
                .body("id", containsInAnyOrder("consult-note", "discharge-summary", "history-and-physical",
                        "progress-note"))
                .body("find { it.id == 'progress-note' }.definition.noteTypes", hasItem("11506-3"))
                .body("find { it.id == 'progress-note' }.definition.resourceRules.type", hasItem("Condition"));
    }

    @Test
    void anUnknownPurposeIs404Problem() {
        given().auth().oauth2(KeycloakTokens.signedIn("ann.admin")).get("/v1/purposes/no-such-purpose")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
