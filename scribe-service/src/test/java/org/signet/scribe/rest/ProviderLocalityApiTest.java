package org.signet.scribe.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.signet.scribe.provider.HostResolver;
import org.signet.scribe.provider.ScriptedHostResolver;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;

/**
 * Whether a provider is local is the operator's configuration (loopback by default), not a field the caller sets:
 * a claim of {@code local: true} for an endpoint outside is refused, and such a provider cannot be enabled without a
 * BAA. DNS is scripted through the {@link HostResolver} bean (no JVM lets a test change what a name resolves to).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class ProviderLocalityApiTest {

    private static final String NOT_ALLOWED = "https://signet.example.org/problems/provider-not-allowed";
    private static final String VALIDATION = "https://signet.example.org/problems/validation";

    private final ScriptedHostResolver dns = new ScriptedHostResolver();

    @BeforeEach
    void scriptDns() {
        QuarkusMock.installMockForType(dns, HostResolver.class);
    }

    @Test
    void aPublicEndpointClaimingLocalWithoutABaaIsRefusedAndCannotBeEnabled() {
        // the case: a public address, local: true, enabled, no BAA
        post(provider("public-claims-local", "https://203.0.113.10/v1").with("local", true))
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(NOT_ALLOWED))
                .body("detail", containsString("public-claims-local"))
                .body("detail", containsString("cannot be local"))
                .body("detail", not(containsString("203.0.113")));
        // nor when it only asks to be registered disabled: the claim itself is false
        post(provider("public-claims-local", "https://203.0.113.10/v1").with("local", true).with("enabled", false))
                .statusCode(422).body("type", equalTo(NOT_ALLOWED));
        // without the claim it is remote, and remote without a BAA cannot be enabled
        post(provider("public-claims-local", "https://203.0.113.10/v1"))
                .statusCode(422).body("type", equalTo(NOT_ALLOWED))
                .body("detail", containsString("no BAA"));
        post(provider("public-claims-local", "https://203.0.113.10/v1").with("enabled", false))
                .statusCode(201).body("local", equalTo(false)).body("enabled", equalTo(false));
        // and it cannot be switched to local afterwards either
        put(provider("public-claims-local", "https://203.0.113.10/v1").with("local", true))
                .statusCode(422).body("type", equalTo(NOT_ALLOWED));
        given().auth().oauth2(admin()).get("/v1/providers/public-claims-local").then().statusCode(200)
                .body("local", equalTo(false)).body("enabled", equalTo(false));
    }

    @Test
    void aLoopbackEndpointIsLocalWhetherOrNotTheCallerSaysSo() {
        post(provider("loopback-v4", "http://127.0.0.1:9/v1")).statusCode(201)
                .body("local", equalTo(true)).body("enabled", equalTo(true));
        post(provider("loopback-v6", "http://[::1]:9/v1").with("local", true)).statusCode(201)
                .body("local", equalTo(true));
        dns.answer("models.hospital.test", "127.0.0.1", "::1");
        post(provider("loopback-by-name", "http://models.hospital.test:9/v1").with("local", true)).statusCode(201)
                .body("local", equalTo(true));
        // an admin may ask for less: registered as remote, it needs a BAA even on loopback
        post(provider("loopback-as-remote", "http://127.0.0.1:9/v1").with("local", false))
                .statusCode(422).body("type", equalTo(NOT_ALLOWED)).body("detail", containsString("no BAA"));
    }

    @Test
    void aNameWithOneAddressOutsideIsNotLocal() {
        dns.answer("split.hospital.test", "127.0.0.1", "203.0.113.7");
        post(provider("split-name", "http://split.hospital.test:9/v1").with("local", true))
                .statusCode(422).body("type", equalTo(NOT_ALLOWED))
                .body("detail", not(containsString("split.hospital.test")))
                .body("detail", not(containsString("203.0.113")));
        post(provider("unresolvable", "http://nowhere.hospital.test:9/v1").with("local", true))
                .statusCode(422).body("type", equalTo(NOT_ALLOWED)).body("detail", containsString("does not resolve"));
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsAProblem() {
        for (String bad : new String[] {"ftp://127.0.0.1/v1", "127.0.0.1:9", "http://model_server:9/v1",
                "file:///models/tiny.gguf"}) {
            post(provider("bad-url", bad).with("local", false).with("enabled", false))
                    .statusCode(422).contentType("application/problem+json")
                    .body("type", equalTo(VALIDATION)).body("errors[0].field", equalTo("endpoint"))
                    .body("detail", not(containsString(bad)));
        }
        post(provider("gguf-url", "http://127.0.0.1:9/model.gguf").with("kind", "local-gguf").with("local", true))
                .statusCode(422).body("type", equalTo(VALIDATION));
        // the request's own constraints, field by field
        post(provider("Not An Id", "http://127.0.0.1:9/v1").with("kind", "telepathy").with("model", ""))
                .statusCode(422).body("errors.field", org.hamcrest.Matchers.contains("id", "kind", "model"));
    }

    // --- helpers ---

    private static Body withBaa(Body body, java.time.LocalDate expires) {
        return body.with("baaCounterparty", "Example Vendor Inc.").with("baaReference", "BAA-2026-7")
                .with("baaEffective", java.time.LocalDate.now().minusDays(10).toString())
                .with("baaExpires", expires.toString());
    }

    @Test
    void aBaaEndingWithinThirtyDaysIsWarnedAbout() {
        dns.answer("llm.vendor.example", "203.0.113.20");
        post(withBaa(provider("soon-expiring", "https://llm.vendor.example/v1"),
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(12)))
                .statusCode(201).body("local", equalTo(false)).body("baaCounterparty", equalTo("Example Vendor Inc."))
                .body("baaWarning", containsString("in 12 days"));
        post(withBaa(provider("far-expiring", "https://llm.vendor.example/v1"),
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(200)))
                .statusCode(201).body("baaWarning", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void anEditOfAnOlderVersionIsRefusedWith412() {
        Body body = provider("etag-local", "http://127.0.0.1:9/v1");
        String created = post(body).statusCode(201).extract().header("ETag");
        given().auth().oauth2(admin()).get("/v1/providers/etag-local").then().statusCode(200).header("ETag", created);
        String saved = given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", created)
                .body(body.with("modelVersion", "2")).put("/v1/providers/etag-local").then().statusCode(200)
                .extract().header("ETag");
        org.junit.jupiter.api.Assertions.assertNotEquals(created, saved);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", created)
                .body(body.with("modelVersion", "3")).put("/v1/providers/etag-local").then().statusCode(412)
                .contentType("application/problem+json").body("detail", containsString("Reload"));
    }

    /** {@code %test.signet.admin.step-up-max-age} is 10 s here. */
    @Test
    void enablingARemoteProviderNeedsAFreshSignIn() throws InterruptedException {
        dns.answer("llm.stepup.example", "203.0.113.30");
        Body body = withBaa(provider("stepup-remote", "https://llm.stepup.example/v1"),
                java.time.LocalDate.now().plusYears(1)).with("enabled", false);
        post(body).statusCode(201).body("enabled", equalTo(false));
        String held = admin();
        Thread.sleep(11_000);
        given().auth().oauth2(held).contentType(ContentType.JSON).body(body.with("enabled", true))
                .put("/v1/providers/stepup-remote").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("insufficient_user_authentication"))
                .body("type", equalTo("https://signet.example.org/problems/step-up-required"));
        // one that may not be enabled at all is told so (422), before any fresh sign-in is asked for
        given().auth().oauth2(held).contentType(ContentType.JSON)
                .body(provider("stepup-no-baa", "https://llm.stepup.example/v1")).post("/v1/providers").then()
                .statusCode(422).body("type", equalTo(NOT_ALLOWED));
        // disabling narrows: no fresh sign-in needed; enabling with one succeeds
        given().auth().oauth2(held).contentType(ContentType.JSON).body(body.with("enabled", false).with("model", "m2"))
                .put("/v1/providers/stepup-remote").then().statusCode(200);
        put(body.with("enabled", true)).statusCode(200).body("enabled", equalTo(true));
    }

    /** An openai-compatible provider, enabled, no BAA, without a {@code local} field unless added. */
    private static Body provider(String id, String endpoint) {
        Body body = new Body();
        body.putAll(Map.of("id", id, "kind", "openai-compatible", "endpoint", endpoint, "model", "m",
                "modelVersion", "1", "noTraining", true, "telemetryOff", true, "retentionDays", 0, "enabled", true));
        return body;
    }

    private static final class Body extends HashMap<String, Object> {
        Body with(String key, Object value) {
            put(key, value);
            return this;
        }
    }

    private static ValidatableResponse post(Body body) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).post("/v1/providers").then();
    }

    private static ValidatableResponse put(Body body) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body)
                .put("/v1/providers/" + body.get("id")).then();
    }

    private static String admin() {
        return KeycloakTokens.signedIn("ann.admin");
    }
}
