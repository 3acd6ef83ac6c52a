package org.signet.adapter.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.signet.adapter.support.Fixtures;
import org.signet.adapter.support.SandboxEhrSupport;
import org.signet.contracts.ProblemTypes;
import org.signet.contracts.Topics;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SandboxEhrResource;
import org.signet.services.testing.TopicReader;

/** POST /v1/context against the sandbox EHR, real Keycloak, PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "fhir-adapter"))
@WithTestResource(SandboxEhrResource.class)
class ContextApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> ALWAYS = Set.of("resourceType", "id", "meta");

    static Response context(String token, String patient, String encounter, String purpose) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("patient", patient, "encounter", encounter, "purpose", purpose))
                .post("/v1/context");
    }

    static String scribe() {
        return KeycloakTokens.service("scribe-service");
    }

    @Test
    void eachSeededPurposePullsOnlyItsElements() throws Exception {
        Fixtures.Chart chart = Fixtures.richest();
        JsonNode purposes = JSON.readTree(given().auth().oauth2(KeycloakTokens.signedIn("ann.admin"))
                .get("/v1/purposes").then().statusCode(200).extract().asString());
        assertThat(purposes).hasSizeGreaterThanOrEqualTo(4);
        for (String purposeId : List.of("progress-note", "consult-note", "history-and-physical", "discharge-summary")) {
            JsonNode purpose = find(purposes, purposeId);
            Map<String, Set<String>> allowed = new HashMap<>();
            purpose.at("/definition/resourceRules").forEach(rule -> {
                Set<String> elements = allowed.computeIfAbsent(rule.get("type").asText(), t -> new HashSet<>());
                rule.get("elements").forEach(e -> elements.add(e.asText()));
            });
            JsonNode answer = JSON.readTree(context(scribe(), "Patient/" + chart.patientId(),
                    "Encounter/" + chart.encounterId(), purposeId).then().statusCode(200).extract().asString());
            assertThat(answer.get("purpose").asText()).isEqualTo(purposeId);
            assertThat(answer.get("purposeVersion").asInt()).isEqualTo(purpose.get("version").asInt());
            assertThat(answer.get("purposeOfUse").asText()).isEqualTo("TREAT");
            assertThat(answer.at("/bundle/resourceType").asText()).isEqualTo("Bundle");
            assertThat(answer.at("/bundle/type").asText()).isEqualTo("collection");
            Set<String> delivered = new HashSet<>();
            for (JsonNode entry : answer.at("/bundle/entry")) {
                JsonNode resource = entry.get("resource");
                String type = resource.get("resourceType").asText();
                assertThat(allowed).as(purposeId + " delivers only its types").containsKey(type);
                Iterator<String> keys = resource.fieldNames();
                while (keys.hasNext()) {
                    String key = keys.next();
                    if (ALWAYS.contains(key)) {
                        continue;
                    }
                    String element = allowed.get(type).stream().filter(e -> key.equals(e) || key.equals("_" + e)
                            || key.startsWith(e) && Character.isUpperCase(key.charAt(e.length()))
                            && Set.of("value", "effective", "onset", "medication", "performed").contains(e))
                            .findFirst().orElse(null);
                    assertThat(element).as(purposeId + ": " + type + "." + key + " is not allowed").isNotNull();
                    delivered.add(type + "." + element);
                }
            }
            List<String> fieldsSent = new ArrayList<>();
            answer.get("fieldsSent").forEach(f -> fieldsSent.add(f.asText()));
            assertThat(new HashSet<>(fieldsSent)).isEqualTo(delivered);
            assertThat(fieldsSent).contains("Patient.birthDate", "Encounter.period");
            assertThat(answer.get("noteTypes").get(0).asText()).isEqualTo(purpose.at("/definition/noteTypes/0").asText());
        }
    }

    @Test
    void lookBackAndCountAreHonoured() throws Exception {
        Fixtures.Chart chart = Fixtures.richest();
        List<LocalDate> dates = chart.observations().stream().filter(o -> o.hasEffectiveDateTimeType())
                .map(o -> o.getEffectiveDateTimeType().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate())
                .sorted().toList();
        assertThat(dates).as("the richest Synthea patient has observations").hasSizeGreaterThan(6);
        // a cut-off with no observation within a day of it, so time zones cannot move one across it
        int gap = dates.size() / 2;
        while (gap < dates.size() - 4 && java.time.temporal.ChronoUnit.DAYS.between(dates.get(gap - 1), dates.get(gap)) < 3) {
            gap++;
        }
        LocalDate cutoff = dates.get(gap - 1).plusDays(1);
        int lookbackDays = (int) java.time.temporal.ChronoUnit.DAYS.between(cutoff, LocalDate.now(ZoneOffset.UTC));
        long inWindow = Math.min(1000, dates.size() - gap);
        String admin = KeycloakTokens.signedIn("ann.admin");
        String id = "lookback-" + System.nanoTime() % 100000;
        Map<String, Object> rule = Map.of("type", "Observation", "search", Map.of(),
                "elements", List.of("code", "effective"), "lookbackDays", lookbackDays, "maxCount", 1000);
        createPurpose(admin, id, List.of(patientRule(), rule));
        JsonNode wide = JSON.readTree(context(scribe(), chart.patientId(), chart.encounterId(), id)
                .then().statusCode(200).extract().asString());
        List<LocalDate> got = observationDates(wide);
        assertThat(got).hasSize((int) inWindow);
        assertThat(got).allMatch(d -> !d.isBefore(LocalDate.now(ZoneOffset.UTC).minusDays(lookbackDays)));

        Map<String, Object> capped = Map.of("type", "Observation", "search", Map.of(),
                "elements", List.of("code", "effective"), "lookbackDays", lookbackDays, "maxCount", 3);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Look-back test", "purposeOfUse", "TREAT", "changeNote", "cap at 3",
                        "definition", Map.of("noteTypes", List.of("11506-3"), "modelProviders", List.of("extractive"),
                                "resourceRules", List.of(patientRule(), capped))))
                .put("/v1/purposes/" + id).then().statusCode(200).body("version", equalTo(2));
        JsonNode narrow = JSON.readTree(context(scribe(), chart.patientId(), chart.encounterId(), id)
                .then().statusCode(200).body("purposeVersion", equalTo(2)).extract().asString());
        List<LocalDate> newest = observationDates(narrow);
        assertThat(newest).hasSize(3);
        // newest first: the three are the latest dates in the window
        List<LocalDate> expected = dates.subList(dates.size() - 3, dates.size());
        assertThat(newest.stream().sorted().toList()).isEqualTo(expected);
        assertThat(newest).allMatch(d -> !d.isBefore(cutoff));
    }

    @Test
    void anAdminOptOutDeniesAndIsAudited() {
        Fixtures.Chart chart = Fixtures.charts().get(1);
        String admin = KeycloakTokens.signedIn("ann.admin");
        // a refused opt-out names each field
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("patient", "Patient/" + chart.patientId(), "scope", "PURPOSES"))
                .post("/v1/consent/opt-outs").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("purposes", "reason"));
        String optOut = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("patient", "Patient/" + chart.patientId(), "scope", "PURPOSES",
                        "purposes", List.of("consult-note"), "reason", "asked at front desk"))
                .post("/v1/consent/opt-outs").then().statusCode(201).extract().path("id");
        try {
            // the admin's view: both sources and the decision per purpose, found by FHIR id
            given().auth().oauth2(admin).queryParam("id", chart.patientId()).get("/v1/consent/patients").then()
                    .statusCode(200).body("patient", equalTo("Patient/" + chart.patientId()))
                    .body("name", notNullValue())
                    .body("registry.find { it.id == '" + optOut + "' }.scope", equalTo("PURPOSES"))
                    .body("decisions.find { it.purpose == 'consult-note' }.allowed", equalTo(false))
                    .body("decisions.find { it.purpose == 'consult-note' }.source", equalTo("registry"))
                    .body("decisions.find { it.purpose == 'progress-note' }.allowed", equalTo(true));
            TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, v -> v.contains("\"consent.lookup\"")
                    && v.contains("Patient/" + chart.patientId()), Duration.ofSeconds(20));
            context(scribe(), chart.patientId(), chart.encounterId(), "consult-note").then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo(ProblemTypes.CONSENT_DENIED.toString()));
            // another purpose is not covered by this opt-out
            context(scribe(), chart.patientId(), chart.encounterId(), "progress-note").then().statusCode(200);
            TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, v -> v.contains("\"consent.check\"")
                    && v.contains("DENIED") && v.contains("consent-optout/" + optOut), Duration.ofSeconds(20));
        } finally {
            // opting back in widens what flows: a fresh sign-in, and a reason
            given().auth().oauth2(KeycloakTokens.signedIn("ann.admin")).contentType(ContentType.JSON)
                    .body(Map.of("reason", "patient asked to be opted back in"))
                    .post("/v1/consent/opt-outs/" + optOut + "/revoke").then().statusCode(200)
                    .body("revokedAt", notNullValue()).body("revokeReason", notNullValue());
        }
        context(scribe(), chart.patientId(), chart.encounterId(), "consult-note").then().statusCode(200);
    }

    @Test
    void aDenyingConsentInTheEhrDenies() {
        Fixtures.Chart chart = Fixtures.charts().get(2);
        org.hl7.fhir.r4.model.Consent consent = new org.hl7.fhir.r4.model.Consent()
                .setStatus(org.hl7.fhir.r4.model.Consent.ConsentState.ACTIVE)
                .setPatient(new org.hl7.fhir.r4.model.Reference("Patient/" + chart.patientId()));
        consent.setScope(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
        consent.addCategory(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://loinc.org", "59284-0", null)));
        consent.getPolicyRule().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
                .setCode("OPTOUT");
        consent.getProvision().setType(org.hl7.fhir.r4.model.Consent.ConsentProvisionType.DENY)
                .addPurpose(new org.hl7.fhir.r4.model.Coding(
                        "http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", null));
        // The adapter may never write a Consent; the sandbox's test-data door (/admin/load) records it, as a
        // patient portal or registration desk would in a real EHR.
        org.hl7.fhir.r4.model.Bundle transaction = new org.hl7.fhir.r4.model.Bundle()
                .setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setResource(consent).getRequest()
                .setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl("Consent");
        var fhirJson = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser();
        var response = fhirJson.parseResource(org.hl7.fhir.r4.model.Bundle.class,
                SandboxEhrSupport.admin("POST", "/load", fhirJson.encodeResourceToString(transaction)));
        String consentId = response.getEntryFirstRep().getResponse().getLocation().split("/")[1];
        context(scribe(), chart.patientId(), chart.encounterId(), "progress-note").then().statusCode(403)
                .body("type", equalTo(ProblemTypes.CONSENT_DENIED.toString()));
        TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, v -> v.contains("\"consent.check\"")
                && v.contains("Consent/" + consentId), Duration.ofSeconds(20));
    }

    @Test
    void theEhrBeingDownDuringTheConsentCheckDenies() {
        Fixtures.Chart chart = Fixtures.richest();
        SandboxEhrSupport.faults("{\"refuseConnections\":true}");
        try {
            context(scribe(), chart.patientId(), chart.encounterId(), "progress-note").then().statusCode(403)
                    .body("type", equalTo(ProblemTypes.CONSENT_DENIED.toString()));
        } finally {
            SandboxEhrSupport.clearFaults();
        }
        TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, v -> v.contains("\"consent.check\"")
                && v.contains("ehr-unavailable") && v.contains(chart.patientId()), Duration.ofSeconds(20));
        context(scribe(), chart.patientId(), chart.encounterId(), "progress-note").then().statusCode(200);
    }

    @Test
    void eachEhrReadIsAudited() {
        Fixtures.Chart chart = Fixtures.richest();
        context(scribe(), chart.patientId(), chart.encounterId(), "progress-note").then().statusCode(200);
        TopicReader.await(bootstrap(), Topics.AUDIT_EVENTS, v -> v.contains("\"ehr.read\"")
                && v.contains("Condition?") && v.contains("\"actor\":\"scribe-service\"")
                && v.contains("\"purpose\":\"progress-note\"") && v.contains("Patient/" + chart.patientId()),
                Duration.ofSeconds(20));
    }

    @Test
    void onlyScribeServiceMayReadContext() {
        Fixtures.Chart chart = Fixtures.richest();
        context(KeycloakTokens.service("signoff-service"), chart.patientId(), chart.encounterId(), "progress-note")
                .then().statusCode(403).contentType("application/problem+json");
        context(KeycloakTokens.user("dr.ada"), chart.patientId(), chart.encounterId(), "progress-note")
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body("{}").post("/v1/context").then().statusCode(401);
    }

    @Test
    void anEncounterOfAnotherPatientIsRefused() {
        Fixtures.Chart a = Fixtures.charts().get(0);
        Fixtures.Chart b = Fixtures.charts().get(1);
        context(scribe(), a.patientId(), b.encounterId(), "progress-note").then().statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void aPurposeNeedingASearchTheEhrLacksIsRefusedNamingIt() throws Exception {
        Fixtures.Chart chart = Fixtures.richest();
        String admin = KeycloakTokens.signedIn("ann.admin");
        String id = "needs-value-" + System.nanoTime() % 100000;
        // value-quantity is standard FHIR, but the sandbox's CapabilityStatement does not declare it for Observation:
        // the admin is told when saving, at the field
        Map<String, Object> rule = Map.of("type", "Observation", "search", Map.of("value-quantity", "gt140"),
                "elements", List.of("code", "value"), "maxCount", 5);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("id", id, "displayName", "Test " + id, "purposeOfUse", "TREAT", "changeNote", "test",
                        "definition", Map.of("noteTypes", List.of("11506-3"), "modelProviders", List.of("extractive"),
                                "resourceRules", List.of(patientRule(), rule))))
                .post("/v1/purposes").then().statusCode(422)
                .body("errors[0].field", equalTo("definition.resourceRules[1].search.value-quantity"));
        // a purpose saved before the EHR changed (stored here directly) is refused at draft time, before any read
        try (var db = java.sql.DriverManager.getConnection(org.signet.services.testing.BackingServices.postgres()
                .jdbcUrl(), org.signet.services.postgres.PostgresServer.USER,
                org.signet.services.postgres.PostgresServer.PASSWORD);
                var insert = db.prepareStatement("insert into adapter.purpose (id, version, active, display_name, "
                        + "purpose_of_use, definition, created_at, created_by, change_note) values (?, 1, true, ?, "
                        + "'TREAT', ?::jsonb, now(), 'test', 'stored before the EHR changed')")) {
            insert.setString(1, id);
            insert.setString(2, "Test " + id);
            insert.setString(3, JSON.writeValueAsString(Map.of("noteTypes", List.of("11506-3"),
                    "modelProviders", List.of("extractive"), "resourceRules", List.of(patientRule(), rule))));
            insert.executeUpdate();
        }
        context(scribe(), chart.patientId(), chart.encounterId(), id).then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("search parameter 'value-quantity' on Observation"))
                .body("detail", containsString("nothing was read"));
    }

    @Test
    void anUnknownPurposeIs404() {
        Fixtures.Chart chart = Fixtures.richest();
        context(scribe(), chart.patientId(), chart.encounterId(), "no-such-purpose").then().statusCode(404);
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static Map<String, Object> patientRule() {
        return Map.of("type", "Patient", "search", Map.of(), "elements", List.of("gender"), "maxCount", 1);
    }

    static void createPurpose(String admin, String id, List<Map<String, Object>> rules) {
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("id", id, "displayName", "Test " + id, "purposeOfUse", "TREAT", "changeNote", "test",
                        "definition", Map.of("noteTypes", List.of("11506-3"), "modelProviders", List.of("extractive"),
                                "resourceRules", rules)))
                .post("/v1/purposes").then().statusCode(201).body("version", equalTo(1));
    }

    private static List<LocalDate> observationDates(JsonNode answer) {
        List<LocalDate> dates = new ArrayList<>();
        for (JsonNode entry : answer.at("/bundle/entry")) {
            JsonNode r = entry.get("resource");
            if (r.get("resourceType").asText().equals("Observation")) {
                dates.add(java.time.OffsetDateTime.parse(r.get("effectiveDateTime").asText()).atZoneSameInstant(
                        ZoneOffset.UTC).toLocalDate());
            }
        }
        return dates;
    }

    private static JsonNode find(JsonNode purposes, String id) {
        for (JsonNode p : purposes) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no purpose " + id);
    }

    /** Minimum necessary: a patient is named only after an exact identifier match. */
    @Test
    void anAdminFindsAPatientByExactMrnOnly() {
        Fixtures.Chart chart = Fixtures.charts().get(2);
        org.hl7.fhir.r4.model.Patient patient = org.signet.adapter.support.SandboxEhrSupport
                .client("system/Patient.rs").read().resource(org.hl7.fhir.r4.model.Patient.class)
                .withId(chart.patientId()).execute();
        String mrn = patient.getIdentifier().stream().filter(i -> i.getType().getCoding().stream()
                .anyMatch(c -> "MR".equals(c.getCode()))).findFirst().orElseThrow().getValue();
        String admin = KeycloakTokens.signedIn("ann.admin");
        given().auth().oauth2(admin).queryParam("identifier", mrn).get("/v1/consent/patients").then()
                .statusCode(200).body("patient", equalTo("Patient/" + chart.patientId()))
                .body("name", equalTo(patient.getNameFirstRep().getNameAsSingleString()));
        String partial = given().auth().oauth2(admin).queryParam("identifier", mrn.substring(0, mrn.length() - 2))
                .get("/v1/consent/patients").then().statusCode(404).contentType("application/problem+json")
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(partial.contains(patient.getNameFirstRep().getFamily()));
        given().auth().oauth2(admin).queryParam("identifier", mrn).queryParam("id", chart.patientId())
                .get("/v1/consent/patients").then().statusCode(422);
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).queryParam("identifier", mrn)
                .get("/v1/consent/patients").then().statusCode(403);
    }
}
