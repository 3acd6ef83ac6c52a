package org.signet.signoff.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.contracts.ProblemTypes;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;

/**
 * The admin console's API answers 403 to everyone but admins: clinicians, auditors and every service account, on
 * every endpoint and method, before anything is forwarded to the owner. One table.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class AdminAccessTest {

    /** Every admin endpoint, with a body where one is expected. */
    static final List<String[]> ENDPOINTS = List.of(
            new String[] {"GET", "/v1/admin/purposes"},
            new String[] {"GET", "/v1/admin/purposes/progress-note"},
            new String[] {"GET", "/v1/admin/purposes/progress-note/versions"},
            new String[] {"GET", "/v1/admin/purposes/progress-note/versions/1"},
            new String[] {"POST", "/v1/admin/purposes"},
            new String[] {"PUT", "/v1/admin/purposes/progress-note"},
            new String[] {"POST", "/v1/admin/purposes/progress-note/deactivate"},
            new String[] {"GET", "/v1/admin/consent/patients?identifier=MRN-1"},
            new String[] {"GET", "/v1/admin/consent/opt-outs"},
            new String[] {"POST", "/v1/admin/consent/opt-outs"},
            new String[] {"POST", "/v1/admin/consent/opt-outs/00000000-0000-0000-0000-000000000001/revoke"},
            new String[] {"GET", "/v1/admin/providers"},
            new String[] {"GET", "/v1/admin/providers/extractive"},
            new String[] {"POST", "/v1/admin/providers"},
            new String[] {"PUT", "/v1/admin/providers/extractive"},
            new String[] {"GET", "/v1/admin/profile"},
            new String[] {"GET", "/v1/admin/data-flow"},
            new String[] {"GET", "/v1/admin/data-flow.svg"},
            new String[] {"GET", "/v1/admin/data-flow.png"},
            new String[] {"GET", "/v1/admin/quality"},
            new String[] {"GET", "/v1/admin/retention"});

    static final Map<String, Supplier<String>> NOT_ADMINS = Map.of(
            "clinician dr.ada", () -> KeycloakTokens.user("dr.ada"),
            "auditor aud.itor", () -> KeycloakTokens.user("aud.itor"),
            "service tokenization-service", () -> KeycloakTokens.service("tokenization-service"),
            "service fhir-adapter", () -> KeycloakTokens.service("fhir-adapter"),
            "service scribe-service", () -> KeycloakTokens.service("scribe-service"),
            "service signoff-service", () -> KeycloakTokens.service("signoff-service"));

    static Stream<Arguments> everyEndpointForEveryoneButAdmins() {
        return NOT_ADMINS.keySet().stream().sorted().flatMap(caller -> ENDPOINTS.stream()
                .map(endpoint -> Arguments.of(caller, endpoint[0], endpoint[1])));
    }

    @ParameterizedTest(name = "{0}: {1} {2} -> 403")
    @MethodSource("everyEndpointForEveryoneButAdmins")
    void onlyAdminsAreLetIn(String caller, String method, String path) {
        var request = given().auth().oauth2(NOT_ADMINS.get(caller).get());
        if (!method.equals("GET")) {
            request = request.contentType(ContentType.JSON).body("{}");
        }
        request.request(method, path).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(ProblemTypes.FORBIDDEN.toString()));
    }

    @Test
    void anAdminReachesTheOwnersThroughTheConsole() {
        String admin = KeycloakTokens.user("ann.admin");
        given().auth().oauth2(admin).get("/v1/admin/providers").then().statusCode(200)
                .body("id", hasItem("extractive"));
        given().auth().oauth2(admin).get("/v1/admin/providers/extractive").then().statusCode(200)
                .header("ETag", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(admin).get("/v1/admin/profile").then().statusCode(200)
                .body("id", equalTo("safe-harbor"));
        // retention across the services that purge: signoff's own, tokenization-service's and scribe-service's
        given().auth().oauth2(admin).get("/v1/admin/retention").then().statusCode(200)
                .body("service", org.hamcrest.Matchers.contains("signoff-service", "tokenization-service",
                        "scribe-service", "scribe-service"))
                .body("[0].keptFor", equalTo("PT336H"));
        // the owner's own refusals come back as they are
        given().auth().oauth2(admin).get("/v1/admin/providers/no-such-provider").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void nothingOutsideTheOwnersAdminApisIsReachable() {
        String admin = KeycloakTokens.user("ann.admin");
        for (String path : List.of("/v1/admin/providers/..%2F..%2Fv1%2Fdrafts", "/v1/admin/drafts",
                "/v1/admin/providers/a/b/c/d/e/f")) {
            given().auth().oauth2(admin).urlEncodingEnabled(false).get(path).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(admin).delete("/v1/admin/providers/extractive").then().statusCode(405);
    }
}
