package org.signet.scribe.draft;

import org.signet.services.testing.CanaryChart;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;

/**
 * A template bug (someone pasted a patient's name into the instructions) puts an identifier into the prompt that
 * pseudonymization never saw; the PHI guard catches it and the model is never called.
 */
@QuarkusTest
@TestProfile(GuardRefusalTest.BuggyTemplates.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,fhir-adapter"))
class GuardRefusalTest {

    public static class BuggyTemplates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.scribe.templates-dir", "src/test/resources/buggy-templates");
        }
    }

    @Test
    void aGuardHitRefusesTheJobBeforeAnyModelCall() {
        CanaryChart chart = CanaryChart.load(false, "GUARDBUG");
        String id = DraftPipelineTest.requestDraft("dr.ada", chart, "extractive", "Patient: fine today.");
        JsonPath done = DraftPipelineTest.awaitTerminal("dr.ada", id);
        assertEquals("REFUSED_GUARD", done.getString("state"), done.prettify());
        assertTrue(done.getString("reason").contains("NAME") && done.getString("reason").contains("prompt"),
                done.getString("reason"));
        assertEquals(null, done.getString("lineage.modelName"), "the model was never called");
        String steps = given().auth().oauth2(KeycloakTokens.user("dr.ada")).accept("text/event-stream")
                .get("/v1/drafts/" + id + "/events").then().statusCode(200).extract().asString();
        assertTrue(!steps.contains("MODEL_CALLED") && steps.contains("REFUSED_GUARD"), steps);
    }
}
