package org.signet.tokenization.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.TopicReader;
import org.signet.tokenization.service.VaultExpiryJob;

/**
 * The PHI boundary through its REST API, on real PostgreSQL, Kafka and Keycloak: a chart with canary identifiers
 * goes in, only tokens come out, the right people (and only they) get the originals back, and shredding,
 * tampering, rotation and expiry behave.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "tokenization-service"))
class VaultApiTest {

    // Canaries: unique strings that must never appear outside the vault's ciphertext and authorised answers.
    static final String GIVEN = "Zebulonia";
    static final String FAMILY = "Quixwrightson";
    static final String MRN = "CNRY7731";
    static final String PHONE = "(555) 017-4242";
    static final String STREET = "12 Canaryvale Road";
    static final String CITY = "Quillton";
    static final String BIRTH = "1941-07-19";
    static final List<String> CANARIES = List.of(GIVEN, FAMILY, MRN, "5550174242", "017-4242", "Canaryvale",
            CITY, BIRTH);

    @Inject
    VaultExpiryJob expiryJob;

    @Test
    void aChartAndATranscriptBecomeConsistentTokensAndOnlyTheOwnerGetsThemBack() {
        String vault = createVault("dr.ada");
        String fhir = pseudonymizeFhir(vault, canaryBundle()).statusCode(200)
                .contentType("application/fhir+json").extract().asString();
        CANARIES.forEach(canary -> assertFalse(fhir.contains(canary), "canary in pseudonymized FHIR: " + canary));
        assertTrue(fhir.contains("[[PATIENT_NAME_1]]") || fhir.contains("[[PATIENT_"), fhir);

        String transcript = "Patient " + GIVEN + " " + FAMILY + " called from " + PHONE + "; MRN " + MRN
                + ". Mrs. " + FAMILY + " reports chest pain since Tuesday. Taking Coumadin 5 mg.";
        String pseudonymized = given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("text", transcript)).post("/v1/vaults/" + vault + "/text")
                .then().statusCode(200).extract().path("text");
        CANARIES.forEach(canary -> assertFalse(pseudonymized.contains(canary), "canary in text: " + canary));
        assertTrue(pseudonymized.contains("Coumadin 5 mg"), "hard negatives stay: " + pseudonymized);
        String nameToken = tokenFor(fhir, "PATIENT_NAME");
        assertTrue(pseudonymized.contains(nameToken), "the chart's token is reused in free text: " + pseudonymized);

        // the owner sees the originals
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("text", pseudonymized)).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(200)
                .body("text", containsString(FAMILY)).body("text", containsString(MRN));
        // fhir-adapter's write-back account too
        given().auth().oauth2(service("fhir-adapter")).contentType(ContentType.JSON)
                .body(Map.of("text", nameToken)).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(200).body("text", containsString(FAMILY));
        // nobody else
        for (String token : List.of(KeycloakTokens.user("dr.ben"), KeycloakTokens.user("ann.admin"),
                KeycloakTokens.user("aud.itor"), service("signoff-service"), service("scribe-service"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("text", nameToken))
                    .post("/v1/vaults/" + vault + "/reidentify")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body(not(containsString(FAMILY)));
        }
    }

    @Test
    void aChartAndItsTranscriptArePseudonymizedInOneCallWithTheChartAsTheTranscriptsDictionary() throws Exception {
        String vault = createVault("dr.ada");
        String transcript = "Mrs. " + FAMILY + " called from " + PHONE + ". Taking Coumadin 5 mg.";
        io.restassured.path.json.JsonPath both = given().auth().oauth2(service("scribe-service"))
                .contentType(ContentType.JSON)
                .body("{\"resource\": " + canaryBundle() + ", \"text\": \"" + transcript + "\"}")
                .post("/v1/vaults/" + vault + "/chart-and-text").then().statusCode(200).extract().jsonPath();
        String chart = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(both.getMap("resource"));
        String text = both.getString("text");
        assertEquals("Bundle", both.getString("resource.resourceType"));
        CANARIES.forEach(canary -> assertFalse(chart.contains(canary) || text.contains(canary), "canary: " + canary));
        String nameToken = tokenFor(chart, "PATIENT_NAME");
        assertTrue(text.contains(nameToken), "the chart's token is reused in the transcript: " + text);
        assertTrue(text.contains("Coumadin 5 mg"), text);
        assertFalse(both.getList("spans").isEmpty());
        // the same vault answers the owner with the originals
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(200).body("text", containsString(FAMILY)).body("text", containsString(PHONE));
        // audited as both steps
        List<String> audit = TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS);
        for (String action : List.of("vault.pseudonymize-fhir", "vault.pseudonymize-text")) {
            assertTrue(audit.stream().anyMatch(r -> r.contains(action) && r.contains(vault)), action);
        }
        // bad input is a problem, and nothing is added to the vault
        int entries = count("select count(*) from vault.vault_entry where vault_id = ?", vault);
        assertTrue(entries > 0);
        for (String body : List.of("{\"resource\": \"not fhir\", \"text\": \"x\"}",
                "{\"resource\": {\"resourceType\": \"Patient\", \"name\": 7}, \"text\": \"x\"}",
                "{\"text\": \"x\"}", "{\"resource\": " + canaryBundle() + "}")) {
            given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON).body(body)
                    .post("/v1/vaults/" + vault + "/chart-and-text").then().statusCode(400)
                    .contentType("application/problem+json").body(not(containsString(FAMILY)));
        }
        assertEquals(entries, count("select count(*) from vault.vault_entry where vault_id = ?", vault));
        // only the drafting service may call it
        given().auth().oauth2(service("signoff-service")).contentType(ContentType.JSON)
                .body("{\"resource\": " + canaryBundle() + ", \"text\": \"x\"}")
                .post("/v1/vaults/" + vault + "/chart-and-text").then().statusCode(403);
    }

    @Test
    void typedValuesBecomeStableTokensThatTheWriteBackAccountCanResolve() {
        String vault = createVault("dr.ada");
        List<String> tokens = given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("values", List.of(Map.of("type", "PATIENT_REF", "value", "Patient/canary-1"),
                        Map.of("type", "ENCOUNTER_REF", "value", "Encounter/enc-9"),
                        Map.of("type", "PATIENT_REF", "value", "Patient/canary-1"))))
                .post("/v1/vaults/" + vault + "/tokens").then().statusCode(200).extract().path("tokens");
        assertEquals(List.of("[[PATIENT_REF_1]]", "[[ENCOUNTER_REF_1]]", "[[PATIENT_REF_1]]"), tokens);
        given().auth().oauth2(service("fhir-adapter")).contentType(ContentType.JSON)
                .body(Map.of("text", tokens.get(0) + " " + tokens.get(1))).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(200).body("text", equalTo("Patient/canary-1 Encounter/enc-9"));
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("values", List.of(Map.of("type", "not a type", "value", "x"))))
                .post("/v1/vaults/" + vault + "/tokens").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aReviewerAddedBySignoffMayReidentify() {
        String vault = createVault("dr.ada");
        String text = pseudonymizeText(vault, "Seen with Mr. " + FAMILY + ".");
        given().auth().oauth2(KeycloakTokens.user("dr.ben")).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/v1/vaults/" + vault + "/reidentify").then().statusCode(403);
        given().auth().oauth2(service("signoff-service")).contentType(ContentType.JSON)
                .body(Map.of("userId", KeycloakTokens.subject("dr.ben"))).post("/v1/vaults/" + vault + "/readers")
                .then().statusCode(204);
        given().auth().oauth2(KeycloakTokens.user("dr.ben")).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(200).body("text", containsString(FAMILY));
    }

    @Test
    void theGuardFindsOriginalsInAnyFormAndNeverEchoesThem() {
        String vault = createVault("dr.ada");
        pseudonymizeFhir(vault, canaryBundle()).statusCode(200);
        guard(vault, "Assessment: stable. Plan: follow up in 2 weeks.").body("clean", equalTo(true));
        guard(vault, "Pt " + FAMILY.toUpperCase() + " seen today.").body("clean", equalTo(false))
                .body("findings.type", hasItem("NAME")).body(not(containsString(FAMILY.toUpperCase())));
        guard(vault, "Call back at 5 5 5 0 1 7 4 2 4 2.").body("clean", equalTo(false))
                .body("findings.type", hasItem("PHONE"));
        guard(vault, "Record " + MRN.toLowerCase()).body("clean", equalTo(false));
        // a vault with no entries yet knows no originals: the same name is not its patient's
        guard(createVault("dr.ada"), "Pt " + FAMILY.toUpperCase() + " seen today.").body("clean", equalTo(true));
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("text", "x")).post("/v1/vaults/" + UUID.randomUUID() + "/guard")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void disguisedOriginalsAreFoundAndTokenSyntaxInInputIsNeverReidentified() {
        String vault = createVault("dr.ada");
        String fhir = pseudonymizeFhir(vault, canaryBundle()).statusCode(200).extract().asString();
        String nameToken = tokenFor(fhir, "PATIENT_NAME");
        String split = FAMILY.substring(0, 4) + "\u200B" + FAMILY.substring(4);
        String reversed = "\u202E" + new StringBuilder(FAMILY).reverse() + "\u202C";
        guard(vault, "Pt " + split + " seen today.").body("clean", equalTo(false)).body("findings.type", hasItem("NAME"));
        guard(vault, "Pt " + reversed + " seen today.").body("clean", equalTo(false));

        String typed = "Mrs. " + split + " wrote " + nameToken + " on the form.";
        String pseudonymized = pseudonymizeText(vault, typed);
        assertFalse(pseudonymized.contains(FAMILY.substring(4)), "no fragment of the name: " + pseudonymized);
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("text", pseudonymized)).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(200)
                .body("text", equalTo("Mrs. " + GIVEN + " " + FAMILY + " wrote " + nameToken + " on the form."))
                .body("invisibleCharactersRemoved", equalTo(0));
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("text", "Plan:\u00AD rest " + nameToken + "\u202E.")).post("/v1/vaults/" + vault
                        + "/reidentify")
                .then().statusCode(200)
                .body("text", equalTo("Plan: rest " + GIVEN + " " + FAMILY + "."))
                .body("invisibleCharactersRemoved", equalTo(2)).body("bidiControlsRemoved", equalTo(1));
    }

    @Test
    void aCreateRepeatedWithItsIdempotencyKeyAnswersTheVaultItOpened() {
        String key = "draft-" + java.util.UUID.randomUUID();
        Map<String, Object> request = Map.of("patientRef", "Patient/canary-1", "owner",
                KeycloakTokens.subject("dr.ada"));
        String first = given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(request).post("/v1/vaults")
                .then().statusCode(201).extract().path("id");
        // the connection was lost before the answer: the drafting service asks again with the same key
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(request).post("/v1/vaults")
                .then().statusCode(200).header("Idempotent-Replayed", "true")
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/vaults/" + first))
                .body("id", org.hamcrest.Matchers.equalTo(first));
        assertEquals(1, count("select count(*) from vault.vault where idempotency_key = ?::text", key),
                "one vault for one key");

        // the key for another patient is a client's bug, not a repeat
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(Map.of("patientRef", "Patient/canary-2", "owner",
                        KeycloakTokens.subject("dr.ada"))).post("/v1/vaults")
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "no spaces or slashes/").body(request).post("/v1/vaults")
                .then().statusCode(400).contentType("application/problem+json");

        // a shredded vault is never handed out again
        given().auth().oauth2(service("scribe-service")).delete("/v1/vaults/" + first).then().statusCode(204);
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(request).post("/v1/vaults")
                .then().statusCode(409).contentType("application/problem+json");

        // without a key every create opens a vault of its own, as before
        assertTrue(!createVault("dr.ada").equals(createVault("dr.ada")));
    }

    @Test
    void twoCreatesWithOneKeyAtOnceOpenOneVault() throws Exception {
        String key = "draft-" + java.util.UUID.randomUUID();
        Map<String, Object> request = Map.of("patientRef", "Patient/canary-1", "owner",
                KeycloakTokens.subject("dr.ada"));
        String token = service("scribe-service");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<io.restassured.response.Response>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .header("Idempotency-Key", key).body(request).post("/v1/vaults")));
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var call : calls) {
                var response = call.get();
                statuses.add(response.statusCode());
                ids.add(response.path("id"));
            }
            assertEquals(1, ids.size(), "one vault: " + ids + " " + statuses);
            assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
            assertEquals(1, count("select count(*) from vault.vault where idempotency_key = ?", key));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shreddingMakesEveryTokenUnrecoverable() {
        String vault = createVault("dr.ada");
        String text = pseudonymizeText(vault, "Mr. " + FAMILY + " at " + PHONE);
        given().auth().oauth2(service("scribe-service")).delete("/v1/vaults/" + vault).then().statusCode(204);
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(410).contentType("application/problem+json");
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("text", "more")).post("/v1/vaults/" + vault + "/text").then().statusCode(410);
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("text", "Mr. " + FAMILY)).post("/v1/vaults/" + vault + "/guard").then().statusCode(410);
        assertEquals(0, count("select count(*) from vault.vault_entry where vault_id = ?", vault));
        assertEquals(1, count("select count(*) from vault.vault where id = ? and wrapped_data_key is null", vault));
    }

    @Test
    void tamperedCiphertextFailsLoudlyInsteadOfReturningGarbage() throws Exception {
        String vault = createVault("dr.ada");
        String text = pseudonymizeText(vault, "Mr. " + FAMILY + " here.");
        try (Connection db = db(); PreparedStatement flip = db.prepareStatement(
                "update vault.vault_entry set ciphertext = overlay(ciphertext placing "
                        + "decode(lpad(to_hex(get_byte(ciphertext, 20) # 1), 2, '0'), 'hex') from 21 for 1) "
                        + "where vault_id = ?")) {
            flip.setObject(1, UUID.fromString(vault));
            assertTrue(flip.executeUpdate() > 0);
        }
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(500).contentType("application/problem+json")
                .body("type", equalTo("https://signet.example.org/problems/integrity"))
                .body(not(containsString(FAMILY)));
    }

    @Test
    void kekRotationRewrapsDataKeysAndKeepsEveryTokenReadable() {
        String vault = createVault("dr.ada");
        String text = pseudonymizeText(vault, "Mr. " + FAMILY + " here.");
        String before = given().auth().oauth2(KeycloakTokens.user("ann.admin")).post("/v1/admin/kek/rewrap")
                .then().statusCode(200).extract().path("activeKekId");
        String after = given().auth().oauth2(KeycloakTokens.user("ann.admin")).post("/v1/admin/kek/rotate")
                .then().statusCode(200).extract().path("activeKekId");
        assertTrue(!after.equals(before), before + " → " + after);
        assertEquals(0, count("select count(*) from vault.vault where shredded_at is null and kek_id <> ?", after));
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/v1/vaults/" + vault + "/reidentify")
                .then().statusCode(200).body("text", containsString(FAMILY));
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).post("/v1/admin/kek/rotate").then().statusCode(403);
    }

    @Test
    void theExpiryJobShredsVaultsPastTheirRetention() throws Throwable {
        String vault = createVault("dr.ada");
        pseudonymizeText(vault, "Mr. " + FAMILY + " here.");
        try (Connection db = db(); PreparedStatement expire = db.prepareStatement(
                "update vault.vault set expires_at = now() - interval '1 minute' where id = ?")) {
            expire.setObject(1, UUID.fromString(vault));
            expire.executeUpdate();
        }
        Instant ran = Instant.now();
        int shredded = VertxContextSupport.subscribeAndAwait(() -> expiryJob.shredExpired(ran));
        assertTrue(shredded >= 1);
        assertEquals(1, count("select count(*) from vault.vault where id = ? and shredded_at is not null", vault));
        // the purge is on record, with its count, for the admin console's retention page (and auditors)
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).get("/v1/retention").then().statusCode(200)
                .body("[0].service", org.hamcrest.Matchers.equalTo("tokenization-service"))
                .body("[0].lastPurges[0].removed", org.hamcrest.Matchers.equalTo(shredded))
                .body("[0].nextRun", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(KeycloakTokens.user("aud.itor")).get("/v1/retention").then().statusCode(200);
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).get("/v1/retention").then().statusCode(403);
    }

    /**
     * Two replicas run the expiry job at once: the vaults one is shredding are locked, and the other skips them
     * instead of waiting or shredding them again; the next run takes what was skipped.
     */
    @Test
    void anExpiryRunSkipsTheVaultsAnotherReplicaIsShredding() throws Throwable {
        List<String> vaults = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            vaults.add(createVault("dr.ada"));
        }
        try (Connection db = db(); PreparedStatement expire = db.prepareStatement(
                "update vault.vault set expires_at = now() - interval '1 minute' where id = ?")) {
            for (String vault : vaults) {
                expire.setObject(1, UUID.fromString(vault));
                expire.executeUpdate();
            }
        }
        try (Connection otherReplica = db()) {
            otherReplica.setAutoCommit(false);
            try (PreparedStatement hold = otherReplica.prepareStatement(
                    "select id from vault.vault where id in (?, ?) for update")) {
                hold.setObject(1, UUID.fromString(vaults.get(0)));
                hold.setObject(2, UUID.fromString(vaults.get(1)));
                hold.executeQuery().close();
            }
            var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return VertxContextSupport.subscribeAndAwait(() -> expiryJob.shredExpired(Instant.now()));
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            run.get(20, java.util.concurrent.TimeUnit.SECONDS); // a run that waited for the lock would not return
            for (int i = 0; i < 4; i++) {
                assertEquals(i < 2 ? 0 : 1, count("select count(*) from vault.vault where id = ? "
                        + "and shredded_at is not null", vaults.get(i)), "vault " + i + " after the first run");
            }
            otherReplica.rollback();
        }
        VertxContextSupport.subscribeAndAwait(() -> expiryJob.shredExpired(Instant.now()));
        for (String vault : vaults) {
            assertEquals(1, count("select count(*) from vault.vault where id = ? and shredded_at is not null", vault));
        }
    }

    @Test
    void badInputIsAClearProblem() {
        String vault = createVault("dr.ada");
        pseudonymizeFhir(vault, "{\"resourceType\": \"Patient\", \"name\": 7}").statusCode(400)
                .contentType("application/problem+json");
        pseudonymizeFhir(vault, "not fhir at all").statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("text", "x".repeat(1_100_000))).post("/v1/vaults/" + vault + "/text")
                .then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("text", "x")).post("/v1/vaults/" + UUID.randomUUID() + "/text")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(service("signoff-service")).contentType("application/fhir+json").body(canaryBundle())
                .post("/v1/vaults/" + vault + "/fhir").then().statusCode(403);
    }

    @Test
    void noCanaryReachesTheLogOrTheAuditTopic() throws Exception {
        aChartAndATranscriptBecomeConsistentTokensAndOnlyTheOwnerGetsThemBack();
        theGuardFindsOriginalsInAnyFormAndNeverEchoesThem();
        badInputIsAClearProblem();
        String log = Files.readString(Path.of("target/tokenization-test.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("vault") || log.length() > 0, "the log file is written");
        List<String> audit = TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_EVENTS);
        assertTrue(audit.stream().anyMatch(r -> r.contains("vault.reidentify") && r.contains("DENIED")));
        for (String canary : CANARIES) {
            assertFalse(log.contains(canary), "canary in the service log: " + canary);
            assertTrue(audit.stream().noneMatch(r -> r.contains(canary)), "canary on audit.events: " + canary);
        }
    }

    // --- helpers ---

    static String canaryBundle() {
        Patient patient = new Patient();
        patient.setId("canary-1");
        patient.addName().setFamily(FAMILY).addGiven(GIVEN);
        patient.addIdentifier().setSystem("http://hospital.example.org/mrn").setValue(MRN)
                .getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR");
        patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(PHONE);
        patient.addAddress().addLine(STREET).setCity(CITY).setState("MA").setPostalCode("02139");
        patient.setBirthDateElement(new DateType(BIRTH));
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        DocumentReference note = new DocumentReference();
        note.setId("canary-note-1");
        note.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        note.setSubject(new Reference("Patient/canary-1"));
        note.addContent().setAttachment(new Attachment().setContentType("text/plain")
                .setData((GIVEN + " " + FAMILY + " was seen today; call " + PHONE).getBytes(StandardCharsets.UTF_8)));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setFullUrl("Patient/canary-1").setResource(patient);
        bundle.addEntry().setFullUrl("DocumentReference/canary-note-1").setResource(note);
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle);
    }

    static String tokenFor(String text, String type) {
        var matcher = java.util.regex.Pattern.compile("\\[\\[" + type + "_\\d+]]").matcher(text);
        assertTrue(matcher.find(), "no " + type + " token in " + text);
        return matcher.group();
    }

    static String createVault(String ownerUsername) {
        return given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("patientRef", "Patient/canary-1", "owner", KeycloakTokens.subject(ownerUsername)))
                .post("/v1/vaults").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse pseudonymizeFhir(String vault, String body) {
        return given().auth().oauth2(service("scribe-service")).contentType("application/fhir+json").body(body)
                .post("/v1/vaults/" + vault + "/fhir").then();
    }

    static String pseudonymizeText(String vault, String text) {
        return given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/v1/vaults/" + vault + "/text")
                .then().statusCode(200).extract().path("text");
    }

    static ValidatableResponse guard(String vault, String text) {
        return given().auth().oauth2(service("scribe-service")).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/v1/vaults/" + vault + "/guard").then().statusCode(200);
    }

    static String service(String client) {
        return KeycloakTokens.service(client);
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    static int count(String sql, Object parameter) {
        try (Connection db = db(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, parameter instanceof String s && s.length() == 36 && s.charAt(8) == '-'
                    ? UUID.fromString(s) : parameter);
            var rows = query.executeQuery();
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
