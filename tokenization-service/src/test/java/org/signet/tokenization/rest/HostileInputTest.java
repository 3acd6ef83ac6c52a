package org.signet.tokenization.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.services.testing.HostileInputs;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.StateSnapshot;
import org.signet.tokenization.detect.FoldedText;

/**
 * Hostile input against the vault API: every malformed, oversized or disguised request is refused as problem JSON
 * that repeats nothing, and the vault's tables are exactly as they were. Identifiers disguised with Unicode (zero-width
 * joiners, a right-to-left override, combining marks, look-alike digits and dashes) are still replaced.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "tokenization-service"))
class HostileInputTest {

    private static final long BODY_LIMIT = 1_048_576;

    @TestHTTPResource("/")
    URI base;

    @Test
    void malformedOversizedAndProbingRequestsAreRefusedAndChangeNothing() throws Exception {
        String vault = VaultApiTest.createVault("dr.ada");
        String scribe = KeycloakTokens.service("scribe-service");
        String ada = KeycloakTokens.user("dr.ada");
        List<HostileInputs.Case> cases = new ArrayList<>();
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/vaults", scribe,
                "{\"patientRef\": 42, \"owner\": [\"" + HostileInputs.MARKER + "\"]}", BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/vaults/" + vault + "/text", scribe,
                "{\"text\": {\"a\": \"" + HostileInputs.MARKER + "\"}}", BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forIdInPath("POST", "/v1/vaults/{id}/reidentify", ada, "{\"text\": \"x\"}", 404));
        // FHIR that is not FHIR, and a Bundle of 50,000 entries (refused by size before anything parses it)
        cases.add(HostileInputs.of("FHIR of an unknown resource type", "POST", "/v1/vaults/" + vault + "/fhir", scribe,
                "application/fhir+json", "{\"resourceType\": \"" + HostileInputs.MARKER + "\", \"id\": \"x\"}", 400));
        cases.add(HostileInputs.of("FHIR that is a JSON array", "POST", "/v1/vaults/" + vault + "/fhir", scribe,
                "application/fhir+json", "[{\"resourceType\": \"Patient\"}]", 400));
        cases.add(HostileInputs.of("a FHIR Bundle of 50,000 entries", "POST", "/v1/vaults/" + vault + "/fhir",
                scribe, "application/fhir+json", "{\"resourceType\": \"Bundle\", \"type\": \"collection\", "
                        + "\"entry\": [" + String.join(",", java.util.Collections.nCopies(50_000,
                        "{\"resource\": {\"resourceType\": \"Basic\"}}")) + "]}", 413));
        StateSnapshot before = StateSnapshot.settled("vault", List.of("purge_run"), List.of());
        HostileInputs.assertRefused(base, cases);
        StateSnapshot.take("vault", List.of("purge_run"), List.of()).assertSameAs(before);
    }

    @Test
    void identifiersDisguisedWithUnicodeAreStillReplaced() {
        String vault = VaultApiTest.createVault("dr.ada");
        String scribe = KeycloakTokens.service("scribe-service");
        List<String> disguised = List.of(
                "Seen with Marg\u200Daret Oye\u200Blaran today.",                     // zero-width joiner and space
                "Seen with \u202EnarelayO teragraM\u202C today.",                   // a right-to-left override
                "Seen with Margare\u0301t Oyela\u0300ran today.",                     // combining accents
                "Call back on \u0666\u0661\u0667-\u0665\u0665\u0665-\u0660\u0661\u0664\u0662.", // Arabic-Indic digits
                "Call back on \uFF16\uFF11\uFF17-\uFF15\uFF15\uFF15-\uFF10\uFF11\uFF14\uFF12.", // full-width digits
                "SSN 123\u201345\u20136789 and phone 617\u2012555\u20130142 on file.");         // en and figure dashes
        for (String text : disguised) {
            String out = given().auth().oauth2(scribe).contentType(ContentType.JSON).body(Map.of("text", text))
                    .post("/v1/vaults/" + vault + "/text").then().statusCode(200).extract().path("text");
            String seen = FoldedText.fold(out).toLowerCase(java.util.Locale.ROOT);
            for (String identifier : List.of("margaret", "oyelaran", "teragram", "narelayo", "617-555-0142",
                    "123-45-6789")) {
                assertFalse(seen.contains(identifier), "'" + identifier + "' is still in what came back for a disguised text");
            }
        }
    }
}
