package org.signet.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.ProblemTypes;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;

/**
 * A note's path through Signet, as its services record it, read back as FHIR R4 AuditEvents: each validates
 * against base R4 with HAPI's instance validator, and each that claims a BALP profile has what that profile
 * requires. The BALP package itself cannot be fetched here (packages.fhir.org is unreachable from these machines),
 * so the profile rules are asserted in {@link #assertBalp}, from the BALP 1.1 StructureDefinitions.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "audit-service"))
@WithTestResource(AuditWitnessResource.class)
class BalpExportTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
    private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

    @Test
    void aNotesPathIsExportedAsBalpAuditEventsThatValidate() throws Exception {
        String patient = "Patient/" + UUID.randomUUID();
        String vault = UUID.randomUUID().toString();
        String draft = UUID.randomUUID().toString();
        String clinician = UUID.randomUUID().toString();
        List<AuditEvent> path = new ArrayList<>();
        path.add(event("tokenization-service", "scribe-service", "vault.create", patient, null, "vault/" + vault,
                request("scribe-service")));
        path.add(event("fhir-adapter", "scribe-service", "ehr.read", patient, "progress-note", "Condition",
                with(request("scribe-service"), "query", "Condition?patient=" + patient + "&_count=50", "count", "3")));
        path.add(event("fhir-adapter", "scribe-service", "context.deliver", patient, "progress-note",
                "Encounter/e-1", with(request("scribe-service"), "resources", "8")));
        path.add(event("tokenization-service", "scribe-service", "vault.pseudonymize-fhir", patient, null,
                "vault/" + vault, with(request("scribe-service"), "tokensAdded", "10")));
        path.add(event("scribe-service", clinician, "model.call", "[[PATIENT_REF_1]]", "progress-note",
                "draft/" + draft, Map.of("host", "scribe-0", "provider", "vendor-x", "kind", "openai-compatible",
                        "local", "false", "baa", "BAA-7", "fields", "Condition.code", "endpointHost",
                        "llm.vendor.example", "vault", vault, "draft", draft)));
        path.add(event("signoff-service", clinician, "draft.read", "[[PATIENT_REF_1]]", "progress-note",
                "draft/" + draft, with(request("signoff-web"), "version", "0")));
        path.add(event("signoff-service", clinician, "draft.sign", "[[PATIENT_REF_1]]", "progress-note",
                "draft/" + draft, Map.of("host", "signoff-0", "contentSha256", "ab12")));
        path.add(event("fhir-adapter", "fhir-adapter", "ehr.write", patient, "progress-note", "draft/" + draft,
                Map.of("host", "adapter-0", "documentReference", "d-1")));
        path.add(event("tokenization-service", "tokenization-service", "vault.shred", patient, null,
                "vault/" + vault, Map.of("host", "tokenization-0")));
        path.add(event("tokenization-service", "scribe-service", "vault.guard", patient, null, "vault/" + vault,
                with(request("scribe-service"), "findings", "0")));
        path.add(new AuditEvent(1, UUID.randomUUID(), Instant.now(), "fhir-adapter", clinician, "consent.check",
                AuditEvent.Outcome.DENIED, patient, "progress-note", "Consent", null,
                with(request("signoff-web"), "reason", "opted-out")));
        AuditEvents.send(path);
        AuditEvents.awaitStored(path.stream().map(AuditEvent::eventId).toList());

        String body = given().auth().oauth2(KeycloakTokens.user("aud.itor")).queryParam("patient", patient)
                .queryParam("date", "ge2020-01-01").queryParam("_count", 1000).get("/v1/audit/fhir/AuditEvent")
                .then().statusCode(200).contentType("application/fhir+json").extract().asString();
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, body);
        assertEquals(Bundle.BundleType.SEARCHSET, bundle.getType());
        Map<String, org.hl7.fhir.r4.model.AuditEvent> byAction = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            org.hl7.fhir.r4.model.AuditEvent exported = (org.hl7.fhir.r4.model.AuditEvent) entry.getResource();
            exported.getSubtype().stream().filter(c -> "urn:signet:audit-action".equals(c.getSystem()))
                    .forEach(c -> byAction.put(c.getCode(), exported));
            assertValidR4(exported);
        }
        for (AuditEvent sent : path) {
            assertTrue(byAction.containsKey(sent.action()), "the patient's trail lacks " + sent.action());
        }
        assertBalp(byAction.get("vault.create"), "PatientCreate", "create", "C", patient);
        assertBalp(byAction.get("ehr.read"), "PatientQuery", "search-type", "E", patient);
        assertBalp(byAction.get("context.deliver"), "PatientRead", "read", "R", patient);
        assertBalp(byAction.get("vault.pseudonymize-fhir"), "PatientCreate", "create", "C", patient);
        assertBalp(byAction.get("draft.read"), "PatientRead", "read", "R", patient);
        assertBalp(byAction.get("draft.sign"), "PatientUpdate", "update", "U", patient);
        assertBalp(byAction.get("ehr.write"), "PatientCreate", "create", "C", patient);
        assertBalp(byAction.get("vault.shred"), "PatientDelete", "delete", "D", patient);
        assertDisclosure(byAction.get("model.call"), patient);

        org.hl7.fhir.r4.model.AuditEvent guard = byAction.get("vault.guard");
        assertTrue(guard.getMeta().getProfile().isEmpty(), "a PHI guard check has no BALP pattern to claim");
        org.hl7.fhir.r4.model.AuditEvent refused = byAction.get("consent.check");
        assertTrue(refused.getMeta().getProfile().isEmpty(), "BALP's patterns record successes; a refusal claims none");
        assertEquals("4", refused.getOutcome().toCode());
        assertTrue(refused.getOutcomeDesc().contains("opted-out"));

        // the query was base64-encoded as BALP asks, and is readable back
        AuditEventEntityComponent query = entity(byAction.get("ehr.read"), "24");
        assertEquals("Condition?patient=" + patient + "&_count=50", new String(query.getQuery()));
    }

    @Test
    void aSearchWithoutFiltersAnswersWhenTheTrailHoldsRecordsOfNoPatientVaultOrDraft() throws Exception {
        // an admin's key rotation names no patient, vault or draft: nothing to link it to a patient through
        AuditEvent rotation = event("tokenization-service", "ann.admin", "kek.rewrap", null, null, "kek/v2",
                request("tokenization-service"));
        AuditEvents.send(List.of(rotation));
        AuditEvents.awaitStored(List.of(rotation.eventId()));
        Bundle page = FHIR.newJsonParser().parseResource(Bundle.class, given().auth()
                .oauth2(KeycloakTokens.user("aud.itor")).queryParam("date", "ge" + rotation.occurredAt().minusSeconds(1))
                .get("/v1/audit/fhir/AuditEvent").then().statusCode(200).extract().asString());
        assertTrue(page.getEntry().stream().anyMatch(entry -> entry.getResource().getIdElement().getIdPart()
                .equals(rotation.eventId().toString())), "the rotation is on the unfiltered page");
    }

    @Test
    void pagesLinkOnAndBadDatesAreProblems() throws Exception {
        String patient = "Patient/" + UUID.randomUUID();
        List<AuditEvent> reads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reads.add(event("fhir-adapter", "scribe-service", "ehr.read", patient, "progress-note", "Patient/x",
                    request("scribe-service")));
        }
        AuditEvents.send(reads);
        AuditEvents.awaitStored(reads.stream().map(AuditEvent::eventId).toList());
        String auditor = KeycloakTokens.user("aud.itor");
        Bundle first = FHIR.newJsonParser().parseResource(Bundle.class, given().auth().oauth2(auditor)
                .queryParam("patient", patient.substring("Patient/".length())).queryParam("agent", "scribe-service")
                .queryParam("_count", 3)
                .get("/v1/audit/fhir/AuditEvent").then().statusCode(200).extract().asString());
        assertEquals(3, first.getEntry().size());
        assertNotNull(first.getLink("next"), "a next link while more remain");
        Bundle second = FHIR.newJsonParser().parseResource(Bundle.class, given().auth().oauth2(auditor)
                .urlEncodingEnabled(false).get(first.getLink("next").getUrl()).then().statusCode(200).extract()
                .asString());
        assertEquals(2, second.getEntry().size());
        assertEquals(null, second.getLink("next"));

        given().auth().oauth2(auditor).queryParam("date", "ge2026-13-45").get("/v1/audit/fhir/AuditEvent").then()
                .statusCode(400).contentType(ProblemTypes.MEDIA_TYPE);
        given().auth().oauth2(auditor).queryParam("date", "ap2026-01-01").get("/v1/audit/fhir/AuditEvent").then()
                .statusCode(400).contentType(ProblemTypes.MEDIA_TYPE);
        given().auth().oauth2(auditor).queryParam("patient", patient).queryParam("date", "lt2020-01-01")
                .get("/v1/audit/fhir/AuditEvent").then().statusCode(200);
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).get("/v1/audit/fhir/AuditEvent").then()
                .statusCode(403);
        given().auth().oauth2(auditor).get("/v1/audit/fhir/AuditEvent/" + reads.get(0).eventId()).then()
                .statusCode(200).contentType("application/fhir+json");
        given().auth().oauth2(auditor).get("/v1/audit/fhir/AuditEvent/" + UUID.randomUUID()).then()
                .statusCode(404).contentType(ProblemTypes.MEDIA_TYPE);
    }

    /** What every BALP RESTful profile (and its Patient* variant) requires of an exported event. */
    private static void assertBalp(org.hl7.fhir.r4.model.AuditEvent event, String profile, String interaction,
            String action, String patient) {
        String where = profile + " " + event.getIdElement().getIdPart();
        assertEquals(List.of(BALP + profile), event.getMeta().getProfile().stream().map(p -> p.getValue()).toList(),
                where);
        assertCoding(event.getType(), "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", where);
        assertTrue(event.getSubtype().stream().anyMatch(c -> "http://hl7.org/fhir/restful-interaction"
                .equals(c.getSystem()) && interaction.equals(c.getCode())), where + " subtype " + interaction);
        assertEquals(action, event.getAction().toCode(), where);
        assertNotNull(event.getRecorded(), where);
        assertEquals("0", event.getOutcome().toCode(), where);
        assertTrue(event.getSource().getObserver().hasIdentifier(), where + " source.observer");
        String clientType = switch (profile) {
            case "PatientRead" -> "110152";
            case "PatientDelete" -> "110150";
            default -> "110153";
        };
        assertNetworkedAgent(event, DCM, clientType, where + " client");
        if (profile.equals("PatientDelete")) {
            assertNetworkedAgent(event, "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                    "custodian", where + " server");
        } else {
            assertNetworkedAgent(event, DCM, profile.equals("PatientRead") ? "110153" : "110152", where + " server");
        }
        event.getAgent().stream().filter(a -> a.getType().getCoding().stream().anyMatch(c -> c.getSystem()
                .equals("http://terminology.hl7.org/CodeSystem/v3-ParticipationType"))).forEach(user -> {
                    assertTrue(user.getRequestor(), where + " user is the requestor");
                    assertTrue(user.getWho().hasIdentifier(), where + " user.who");
                    assertFalse(user.hasNetwork(), where + " user has no network");
                });
        if (profile.equals("PatientQuery")) {
            AuditEventEntityComponent query = entity(event, "24");
            assertCoding(query.getType(), "http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", where);
            assertTrue(query.hasQuery(), where + " query");
            assertFalse(query.hasWhat(), where + " a query entity names no what");
        } else {
            AuditEventEntityComponent data = event.getEntity().stream().filter(e -> "2".equals(e.getType()
                    .getCode())).findFirst().orElseThrow(() -> new AssertionError(where + " has no data entity"));
            assertTrue(data.hasWhat(), where + " data.what");
            assertTrue(List.of("3", "4", "20").contains(data.getRole().getCode()), where + " data.role");
        }
        AuditEventEntityComponent subject = entity(event, "1");
        assertCoding(subject.getType(), "http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", where);
        assertEquals(patient, subject.getWhat().getReference(), where + " patient");
    }

    /** What BALP's PrivacyDisclosure.Source requires: an Export, disclosed, from a source to a recipient. */
    private static void assertDisclosure(org.hl7.fhir.r4.model.AuditEvent event, String patient) {
        String where = "PrivacyDisclosure.Source";
        assertEquals(List.of(BALP + "PrivacyDisclosure.Source"),
                event.getMeta().getProfile().stream().map(p -> p.getValue()).toList());
        assertCoding(event.getType(), DCM, "110106", where);
        assertTrue(event.getSubtype().stream().anyMatch(c -> c.getSystem().equals(
                "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle") && c.getCode().equals("disclose")));
        assertEquals("R", event.getAction().toCode());
        AuditEventAgentComponent source = assertNetworkedAgent(event, DCM, "110153", where + " source");
        AuditEventAgentComponent recipient = assertNetworkedAgent(event, DCM, "110152", where + " recipient");
        assertEquals("vendor-x", recipient.getWho().getIdentifier().getValue());
        assertEquals("llm.vendor.example", recipient.getNetwork().getAddress());
        // val-audit-source: the source agent is the one that recorded it
        assertEquals(source.getWho().getIdentifier().getValue(),
                event.getSource().getObserver().getIdentifier().getValue());
        assertEquals(patient, entity(event, "1").getWhat().getReference(), "the model call's vault names the patient");
        assertTrue(event.getEntity().stream().anyMatch(e -> e.getDetail().stream().anyMatch(d -> d.getType()
                .equals("fields") && d.getValueStringType().getValue().equals("Condition.code"))));
        assertEquals("progress-note", event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode());
    }

    private static AuditEventAgentComponent assertNetworkedAgent(org.hl7.fhir.r4.model.AuditEvent event,
            String system, String code, String where) {
        List<AuditEventAgentComponent> agents = event.getAgent().stream().filter(a -> a.getType().getCoding()
                .stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()))).toList();
        assertEquals(1, agents.size(), where + " (" + system + "#" + code + ")");
        AuditEventAgentComponent agent = agents.get(0);
        assertTrue(agent.getWho().hasIdentifier(), where + " who");
        assertTrue(agent.getNetwork().hasAddress(), where + " network");
        return agent;
    }

    private static AuditEventEntityComponent entity(org.hl7.fhir.r4.model.AuditEvent event, String role) {
        return event.getEntity().stream().filter(e -> role.equals(e.getRole().getCode())).findFirst()
                .orElseThrow(() -> new AssertionError("no entity of role " + role));
    }

    private static void assertCoding(Coding coding, String system, String code, String where) {
        assertEquals(system + "#" + code, coding.getSystem() + "#" + coding.getCode(), where);
    }

    private static void assertValidR4(org.hl7.fhir.r4.model.AuditEvent event) {
        ValidationSupportChain chain = new ValidationSupportChain(FHIR.getValidationSupport(),
                new InMemoryTerminologyServerValidationSupport(FHIR), new CommonCodeSystemsTerminologyService(FHIR));
        FhirValidator validator = FHIR.newValidator();
        FhirInstanceValidator instance = new FhirInstanceValidator(chain);
        // the BALP profiles it claims are not loadable here; base R4 is what this validates
        instance.setErrorForUnknownProfiles(false);
        validator.registerValidatorModule(instance);
        List<String> errors = validator.validateWithResult(event).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
        assertEquals(List.of(), errors, "AuditEvent " + event.getIdElement().getIdPart() + " validates against R4");
    }

    private static AuditEvent event(String service, String actor, String action, String patientRef, String purpose,
            String resource, Map<String, String> details) {
        return new AuditEvent(1, UUID.randomUUID(), Instant.now(), service, actor, action, AuditEvent.Outcome.SUCCESS,
                patientRef, purpose, resource, null, details);
    }

    /** What AuditTrail adds to an event recorded while serving a request from {@code client}. */
    private static Map<String, String> request(String client) {
        return Map.of("host", "pod-" + client, "clientAddress", "10.0.0.7", "client", client);
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> all = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put(pairs[i], pairs[i + 1]);
        }
        return all;
    }
}
