package org.signet.adapter.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.adapter.support.Fixtures;
import org.signet.contracts.ProblemTypes;
import org.signet.contracts.Topics;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SandboxEhrResource;
import org.signet.services.testing.TopicReader;

/** Purpose administration: versions, validation, deactivation, audit. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "fhir-adapter"))
@WithTestResource(SandboxEhrResource.class)
class PurposeAdminTest {

    static Map<String, Object> change(String id, List<Map<String, Object>> rules, List<String> noteTypes) {
        return Map.of("id", id, "displayName", "Test", "purposeOfUse", "TREAT", "changeNote", "test",
                "definition", Map.of("noteTypes", noteTypes, "modelProviders", List.of("extractive"),
                        "resourceRules", rules));
    }

    @Test
    void everyChangeIsANewImmutableVersionAndAudited() {
        String admin = KeycloakTokens.signedIn("ann.admin");
        String id = "versions-" + System.nanoTime() % 100000;
        List<Map<String, Object>> v1 = List.of(ContextApiTest.patientRule());
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(change(id, v1, List.of("11506-3")))
                .post("/v1/purposes").then().statusCode(201).body("version", equalTo(1));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(change(id, v1, List.of("11506-3")))
                .post("/v1/purposes").then().statusCode(409);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(change(id, List.of(ContextApiTest.patientRule(),
                Map.of("type", "Condition", "search", Map.of("clinical-status", "active"), "elements",
                        List.of("code"), "maxCount", 10)), List.of("11506-3", "11488-4")))
                .put("/v1/purposes/" + id).then().statusCode(200).body("version", equalTo(2));
        given().auth().oauth2(admin).get("/v1/purposes/" + id + "/versions/1").then().statusCode(200)
                .body("definition.resourceRules.size()", equalTo(1));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("changeNote", "retired"))
                .post("/v1/purposes/" + id + "/deactivate").then().statusCode(200)
                .body("version", equalTo(3)).body("active", equalTo(false));
        given().auth().oauth2(admin).get("/v1/purposes/" + id + "/versions").then().statusCode(200)
                .body("size()", equalTo(3));
        TopicReader.await(ContextApiTest.bootstrap(), Topics.AUDIT_EVENTS, v -> v.contains("\"purpose.update\"")
                && v.contains("purpose/" + id) && v.contains("resourceRules") && v.contains("noteTypes"),
                Duration.ofSeconds(20));
        Fixtures.Chart chart = Fixtures.richest();
        ContextApiTest.context(ContextApiTest.scribe(), chart.patientId(), chart.encounterId(), id).then()
                .statusCode(422);
    }

    @Test
    void invalidPurposesAreRefusedWithEveryProblem() {
        String admin = KeycloakTokens.signedIn("ann.admin");
        List<Map<String, Object>> rules = List.of(
                Map.of("type", "Spaceship", "elements", List.of("code"), "maxCount", 1),
                Map.of("type", "Condition", "elements", List.of(), "maxCount", 0),
                Map.of("type", "Observation", "elements", List.of("valueQuantity"), "maxCount", 5000),
                Map.of("type", "Condition", "search", Map.of("patient", "x"), "elements", List.of("code"),
                        "maxCount", 1));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(change("bad-one", rules, List.of("99999-9")))
                .post("/v1/purposes").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("definition.resourceRules[0].type",
                        "definition.resourceRules[1].elements", "definition.noteTypes"))
                .body("type", equalTo(ProblemTypes.VALIDATION.toString()))
                .body("detail", containsString("resourceRules[0].type"))
                .body("detail", containsString("resourceRules[1].elements must not be empty"))
                .body("detail", containsString("resourceRules[1].maxCount"))
                .body("detail", containsString("valueQuantity is not an R4 element"))
                .body("detail", containsString("resourceRules[2].maxCount"))
                .body("detail", containsString("patient is set by the adapter"))
                .body("detail", containsString("noteTypes"));
    }

    @Test
    void onlyAdminsAdministerPurposes() {
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(change("x-y", List.of(ContextApiTest.patientRule()), List.of("11506-3")))
                .post("/v1/purposes").then().statusCode(403);
    }

    @Test
    void aSearchTheEhrCannotAnswerIsRefusedWhenThePurposeIsSaved() {
        String admin = KeycloakTokens.signedIn("ann.admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(change("cap-" + System.nanoTime() % 100000,
                List.of(ContextApiTest.patientRule(), Map.of("type", "Condition", "search",
                        Map.of("not-a-parameter", "x"), "elements", List.of("code"), "maxCount", 5)),
                List.of("11506-3")))
                .post("/v1/purposes").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("definition.resourceRules[1].search.not-a-parameter"))
                .body("errors[0].message", containsString("CapabilityStatement"));
    }

    @Test
    void aReasonIsRequiredForEveryVersion() {
        Map<String, Object> noReason = new java.util.HashMap<>(change("reason-" + System.nanoTime() % 100000,
                List.of(ContextApiTest.patientRule()), List.of("11506-3")));
        noReason.remove("changeNote");
        given().auth().oauth2(KeycloakTokens.signedIn("ann.admin")).contentType(ContentType.JSON).body(noReason)
                .post("/v1/purposes").then().statusCode(422).body("errors[0].field", equalTo("changeNote"));
    }

    @Test
    void anEditOfAnOlderVersionIsRefusedWith412() {
        String admin = KeycloakTokens.signedIn("ann.admin");
        String id = "etag-" + System.nanoTime() % 100000;
        List<Map<String, Object>> rules = List.of(ContextApiTest.patientRule());
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(change(id, rules, List.of("11506-3")))
                .post("/v1/purposes").then().statusCode(201).header("ETag", "\"1\"");
        given().auth().oauth2(admin).get("/v1/purposes/" + id).then().statusCode(200).header("ETag", "\"1\"");
        // two admins opened version 1; the first saves, the second is told to reload
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(change(id, rules, List.of("11506-3", "11488-4"))).put("/v1/purposes/" + id)
                .then().statusCode(200).header("ETag", "\"2\"");
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(change(id, rules, List.of("11506-3"))).put("/v1/purposes/" + id)
                .then().statusCode(412).contentType("application/problem+json")
                .body("detail", containsString("the latest is version 2"));
        given().auth().oauth2(admin).get("/v1/purposes/" + id + "/versions").then().body("size()", equalTo(2));
    }

    /** {@code %test.signet.admin.step-up-max-age} is 10 s here. */
    @Test
    void aWideningChangeNeedsAFreshSignInANarrowingOneDoesNot() throws InterruptedException {
        String id = "stepup-" + System.nanoTime() % 100000;
        Map<String, Object> condition = Map.of("type", "Condition", "search", Map.of("clinical-status", "active"),
                "elements", List.of("code"), "maxCount", 10);
        given().auth().oauth2(KeycloakTokens.signedIn("ann.admin")).contentType(ContentType.JSON)
                .body(change(id, List.of(ContextApiTest.patientRule(), condition), List.of("11506-3")))
                .post("/v1/purposes").then().statusCode(201);
        String held = KeycloakTokens.signedIn("ann.admin");
        Thread.sleep(11_000);
        Map<String, Object> fewer = Map.of("type", "Condition", "search", Map.of("clinical-status", "active"),
                "elements", List.of("code"), "maxCount", 5);
        given().auth().oauth2(held).contentType(ContentType.JSON)
                .body(change(id, List.of(ContextApiTest.patientRule(), fewer), List.of("11506-3")))
                .put("/v1/purposes/" + id).then().statusCode(200).body("version", equalTo(2));
        Map<String, Object> moreElements = Map.of("type", "Condition", "search", Map.of("clinical-status", "active"),
                "elements", List.of("code", "onset"), "maxCount", 5);
        given().auth().oauth2(held).contentType(ContentType.JSON)
                .body(change(id, List.of(ContextApiTest.patientRule(), moreElements), List.of("11506-3")))
                .put("/v1/purposes/" + id).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("max_age=10"))
                .body("type", equalTo(ProblemTypes.STEP_UP_REQUIRED.toString()))
                .body("detail", containsString("Condition.onset added"));
        // a password-grant token says nothing of when its user signed in: it cannot widen either
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).contentType(ContentType.JSON)
                .body(change(id, List.of(ContextApiTest.patientRule(), moreElements), List.of("11506-3")))
                .put("/v1/purposes/" + id).then().statusCode(401)
                .body("type", equalTo(ProblemTypes.STEP_UP_REQUIRED.toString()));
        given().auth().oauth2(KeycloakTokens.signedIn("ann.admin")).contentType(ContentType.JSON)
                .body(change(id, List.of(ContextApiTest.patientRule(), moreElements), List.of("11506-3")))
                .put("/v1/purposes/" + id).then().statusCode(200).body("version", equalTo(3));
    }

    @Test
    void aPurposeMayKeepItsDraftsTracesForItsOwnPeriods() {
        String admin = KeycloakTokens.signedIn("ann.admin");
        String id = "retention-" + System.nanoTime() % 100000;
        Map<String, Object> body = new java.util.HashMap<>(change(id, List.of(ContextApiTest.patientRule()),
                List.of("11506-3")));
        body.put("definition", Map.of("noteTypes", List.of("11506-3"), "modelProviders", List.of("extractive"),
                "resourceRules", List.of(ContextApiTest.patientRule()),
                "retention", Map.of("reviewDays", 10, "vaultDays", 5, "jobDays", 0)));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/v1/purposes").then()
                .statusCode(422).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder(
                        "definition.retention.jobDays", "definition.retention.vaultDays"));
        body.put("definition", Map.of("noteTypes", List.of("11506-3"), "modelProviders", List.of("extractive"),
                "resourceRules", List.of(ContextApiTest.patientRule()),
                "retention", Map.of("reviewDays", 5, "vaultDays", 10)));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/v1/purposes").then()
                .statusCode(201).body("definition.retention.vaultDays", equalTo(10))
                .body("definition.retention.jobDays", org.hamcrest.Matchers.nullValue());
        Fixtures.Chart chart = Fixtures.richest();
        ContextApiTest.context(ContextApiTest.scribe(), chart.patientId(), chart.encounterId(), id).then()
                .statusCode(200).body("retention.reviewDays", equalTo(5)).body("retention.vaultDays", equalTo(10));
    }
}
