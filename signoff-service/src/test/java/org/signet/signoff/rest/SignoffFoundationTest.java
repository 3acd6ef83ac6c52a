package org.signet.signoff.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;

/** The service really connects: PostgreSQL (Flyway + reactive), Kafka and Keycloak, all real. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
// the same resources as the other test classes, so they share one application start
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class SignoffFoundationTest {

    @Test
    void readinessIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theUiIsServedWithAStrictContentSecurityPolicyAndItsSignInSettings() {
        given().get("/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/html"))
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self';"))
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff");
        given().get("/webjars/keycloak-js/dist/keycloak.min.js").then().statusCode(200);
        given().get("/ui/config").then().statusCode(200).body("realm", equalTo("signet"))
                .body("clientId", equalTo("signoff-web"))
                .body("keycloakUrl", org.hamcrest.Matchers.startsWith("http://127.0.0.1:"));
    }

    @Test
    void withoutATokenTheAnswerIs401Problem() {
        given().get("/v1/queue").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anAdminHasNoSignoffQueue() {
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).get("/v1/queue")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aClinicianReadsTheirOwnQueueFromTheDatabase() {
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).get("/v1/queue")
                .then().statusCode(200).body("$", org.hamcrest.Matchers.instanceOf(java.util.List.class));
    }
}
