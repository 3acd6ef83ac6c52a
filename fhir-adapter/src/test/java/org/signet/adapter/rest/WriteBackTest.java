package org.signet.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import org.signet.services.app.SignetModule;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.SignetServicesResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.signet.adapter.mapping.NoteTransaction;
import org.signet.adapter.support.Fixtures;
import org.signet.adapter.support.SandboxEhrSupport;
import org.signet.contracts.DraftReady;
import org.signet.contracts.NoteSigned;
import org.signet.contracts.Topics;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SandboxEhrResource;
import org.signet.services.testing.TopicReader;

/**
 * notes.signed → the sandbox EHR. Re-identification is the test's pass-through (see PassThroughReidentification);
 * everything else is real: Kafka, PostgreSQL, Keycloak, the sandbox EHR and its fault switch.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "fhir-adapter"))
@WithTestResource(SandboxEhrResource.class)
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service"))
class WriteBackTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    static final DraftReady.ModelLineage MODEL = new DraftReady.ModelLineage("extractive", "signet-extractive", "1.0.0",
            "progress-note-soap", 3, true);
    static final NoteSigned.Review REVIEW = new NoteSigned.Review(9, 8, true, List.of(new NoteSigned.OmissionDecision(
            "medication:MedicationRequest/m1", "medication", "Metformin 500 MG Oral Tablet",
            NoteSigned.OmissionDecision.NOT_RELEVANT, Instant.now())));

    @AfterEach
    void clearFaults() {
        SandboxEhrSupport.clearFaults();
    }

    @Test
    void aSignedNoteIsFiledAsOneValidTransaction() throws Exception {
        Fixtures.Chart chart = Fixtures.richest();
        UUID draftId = UUID.randomUUID();
        send(signed(draftId, chart, "Subjective: cough for three days since 3 March 2026. Plan: rest, fluids."));
        String docId = awaitFiled(draftId);

        IGenericClient ehr = SandboxEhrSupport.client("system/DocumentReference.rs system/Provenance.rs "
                + "system/Device.rs");
        DocumentReference doc = ehr.read().resource(DocumentReference.class).withId(docId).execute();
        assertThat(doc.getStatus().toCode()).isEqualTo("current");
        assertThat(doc.getDocStatus().toCode()).isEqualTo("final");
        assertThat(doc.getType().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(doc.getType().getCodingFirstRep().getCode()).isEqualTo("11506-3");
        assertThat(doc.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("clinical-note");
        assertThat(doc.getSubject().getReference()).isEqualTo("Patient/" + chart.patientId());
        assertThat(doc.getContext().getEncounterFirstRep().getReference()).isEqualTo("Encounter/" + chart.encounterId());
        assertThat(doc.getAuthorFirstRep().getIdentifier().getValue()).isEqualTo(KeycloakTokens.subject("dr.ada"));
        assertThat(doc.getAuthenticator().getIdentifier().getSystem()).isEqualTo(NoteTransaction.USER_SYSTEM);
        assertThat(doc.getIdentifierFirstRep().getValue()).isEqualTo(draftId.toString());
        assertThat(doc.getMeta().getSecurity()).anyMatch(c -> c.getCode().equals("AIAST"));
        assertThat(new String(doc.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8))
                .contains("cough for three days since 3 March 2026").doesNotContain("[[");

        Bundle provenances = ehr.search().byUrl("Provenance?target=DocumentReference/" + docId)
                .returnBundle(Bundle.class).execute();
        assertThat(provenances.getEntry()).hasSize(1);
        Provenance provenance = (Provenance) provenances.getEntryFirstRep().getResource();
        assertThat(provenance.getAgent()).extracting(a -> a.getType().getCodingFirstRep().getCode())
                .containsExactly("author", "assembler", "verifier");
        String deviceRef = provenance.getAgentFirstRep().getWho().getReference();
        Device device = ehr.read().resource(Device.class).withUrl(deviceRef).execute();
        assertThat(device.getVersionFirstRep().getValue()).isEqualTo("1.0.0");
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue())
                .isEqualTo("progress-note-soap/v3");
        // the review behind the signature: sentences supported by the transcript or chart, evidence shown, omissions
        var review = provenance.getExtensionByUrl(NoteTransaction.REVIEW_EXTENSION);
        assertThat(review).isNotNull();
        assertThat(review.getExtensionByUrl("sentences").getValue().primitiveValue()).isEqualTo("9");
        assertThat(review.getExtensionByUrl("supportedSentences").getValue().primitiveValue()).isEqualTo("8");
        assertThat(review.getExtensionByUrl("evidenceShown").getValue().primitiveValue()).isEqualTo("true");
        assertThat(review.getExtensionByUrl("omissionsNotRelevant").getValue().primitiveValue()).isEqualTo("1");

        for (IBaseResource resource : List.of(doc, provenance, device)) {
            assertValid(resource);
        }
        // the transaction as sent validates too
        assertValid(NoteTransaction.build(new NoteTransaction.Note(draftId, "11506-3", chart.patientId(),
                chart.encounterId(), new Reference().setType("Practitioner").setIdentifier(
                        new org.hl7.fhir.r4.model.Identifier().setSystem(NoteTransaction.USER_SYSTEM).setValue("u")),
                "text", new java.util.Date(), MODEL, null, null, REVIEW)));
    }

    @Test
    void aFiledNoteCanBeReplacedAndMarkedEnteredInError() throws Exception {
        Fixtures.Chart chart = Fixtures.charts().get(3);
        UUID draftId = UUID.randomUUID();
        send(signed(draftId, chart, "Plan: start amoxicillin."));
        String original = awaitFiled(draftId);
        String signoff = KeycloakTokens.service("signoff-service");
        Map<String, Object> replacement = Map.of("amendmentId", UUID.randomUUID().toString(),
                "finalPseudonymizedText", "Plan: start azithromycin.",
                "signer", KeycloakTokens.subject("dr.ada"));
        String replaced = io.restassured.RestAssured.given().auth().oauth2(signoff)
                .contentType(io.restassured.http.ContentType.JSON).body(replacement)
                .post("/v1/notes/" + draftId + "/replace").then().statusCode(200)
                .body("replaces", org.hamcrest.Matchers.equalTo(original)).extract().path("documentReferenceId");
        // the same amendment again files nothing new
        io.restassured.RestAssured.given().auth().oauth2(signoff).contentType(io.restassured.http.ContentType.JSON)
                .body(replacement).post("/v1/notes/" + draftId + "/replace").then().statusCode(200)
                .body("documentReferenceId", org.hamcrest.Matchers.equalTo(replaced));
        IGenericClient ehr = SandboxEhrSupport.client("system/DocumentReference.rs");
        DocumentReference newer = ehr.read().resource(DocumentReference.class).withId(replaced).execute();
        assertThat(newer.getRelatesToFirstRep().getCode().toCode()).isEqualTo("replaces");
        assertThat(newer.getRelatesToFirstRep().getTarget().getReference()).isEqualTo("DocumentReference/" + original);
        assertThat(ehr.read().resource(DocumentReference.class).withId(original).execute().getStatus().toCode())
                .isEqualTo("superseded");
        assertValid(newer);

        io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.user("dr.ada"))
                .post("/v1/notes/" + draftId + "/entered-in-error").then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(signoff)
                .post("/v1/notes/" + draftId + "/entered-in-error").then().statusCode(200);
        assertThat(ehr.read().resource(DocumentReference.class).withId(replaced).execute().getStatus().toCode())
                .isEqualTo("entered-in-error");
    }

    @Test
    void redeliveringTheSameSignedNoteThreeTimesFilesOneDocument() throws Exception {
        Fixtures.Chart chart = Fixtures.charts().get(1);
        UUID draftId = UUID.randomUUID();
        String record = signed(draftId, chart, "Assessment: stable.");
        send(record);
        send(record);
        send(record);
        awaitFiled(draftId);
        Thread.sleep(1500); // let the redeliveries be processed too
        assertThat(documentsFor(draftId)).isEqualTo(1);
        assertThat(TopicReader.readAll(ContextApiTest.bootstrap(), Topics.NOTES_FILING_FAILED))
                .noneMatch(v -> v.contains(draftId.toString()));
    }

    @Test
    void anEhrOutageDuringWriteBackEndsInExactlyOneFiledNote() throws Exception {
        Fixtures.Chart chart = Fixtures.charts().get(2);
        UUID draftId = UUID.randomUUID();
        // more failures than one round's attempts: the note must go to the scheduled retry and survive
        SandboxEhrSupport.faults("{\"failNext\":5}");
        send(signed(draftId, chart, "Plan: follow up in two weeks."));
        String failed = TopicReader.await(ContextApiTest.bootstrap(), Topics.NOTES_FILING_FAILED,
                v -> v.contains(draftId.toString()), Duration.ofSeconds(60));
        assertThat(JSON.readTree(failed).get("permanent").asBoolean()).isFalse();
        awaitFiled(draftId);
        assertThat(documentsFor(draftId)).isEqualTo(1);
    }

    @Test
    void aNoteTheEhrRejectsFailsPermanentlyWithAPhiFreeReason() throws Exception {
        Fixtures.Chart chart = Fixtures.richest();
        UUID draftId = UUID.randomUUID();
        Fixtures.Chart missing = new Fixtures.Chart(chart.patientId(), "no-such-encounter", List.of());
        send(signed(draftId, missing, "Patient named Canary Zebra."));
        String failed = TopicReader.await(ContextApiTest.bootstrap(), Topics.NOTES_FILING_FAILED,
                v -> v.contains(draftId.toString()), Duration.ofSeconds(60));
        JsonNode event = JSON.readTree(failed);
        assertThat(event.get("permanent").asBoolean()).isTrue();
        assertThat(event.get("reason").asText()).contains("422").doesNotContain("Canary");
        assertThat(documentsFor(draftId)).isZero();
    }

    /**
     * A NoteSigned as signoff-service would send it: the text and references as tokens of a real vault in
     * tokenization-service (created as scribe-service would), so write-back's re-identification is the real one.
     */
    static String signed(UUID draftId, Fixtures.Chart chart, String text) throws Exception {
        String tokenization = BackingServices.peerUrl(SignetModule.TOKENIZATION);
        String scribe = KeycloakTokens.service("scribe-service");
        String vault = io.restassured.RestAssured.given().baseUri(tokenization).auth().oauth2(scribe)
                .contentType("application/json")
                .body(java.util.Map.of("patientRef", "Patient/" + chart.patientId(), "owner",
                        KeycloakTokens.subject("dr.ada")))
                .post("/v1/vaults").then().statusCode(201).extract().path("id");
        java.util.List<String> refs = io.restassured.RestAssured.given().baseUri(tokenization).auth().oauth2(scribe)
                .contentType("application/json")
                .body(java.util.Map.of("values", java.util.List.of(
                        java.util.Map.of("type", "PATIENT_REF", "value", "Patient/" + chart.patientId()),
                        java.util.Map.of("type", "ENCOUNTER_REF", "value", "Encounter/" + chart.encounterId()))))
                .post("/v1/vaults/" + vault + "/tokens").then().statusCode(200).extract().path("tokens");
        String pseudonymized = io.restassured.RestAssured.given().baseUri(tokenization).auth().oauth2(scribe)
                .contentType("application/json").body(java.util.Map.of("text", text))
                .post("/v1/vaults/" + vault + "/text").then().statusCode(200).extract().path("text");
        NoteSigned note = new NoteSigned(NoteSigned.SCHEMA_VERSION, draftId, UUID.fromString(vault),
                KeycloakTokens.subject("dr.ada"), "Practitioner/signet-dr-ada", refs.get(0), refs.get(1), "11506-3",
                "progress-note", MODEL, pseudonymized, Instant.now(), "00", draftId.toString(), REVIEW);
        return JSON.writeValueAsString(note);
    }

    static void send(String record) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ContextApiTest.bootstrap());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            String key = JSON.readTree(record).get("draftId").asText();
            producer.send(new ProducerRecord<>(Topics.NOTES_SIGNED, key, record)).get();
        }
    }

    static String awaitFiled(UUID draftId) throws Exception {
        String filed = TopicReader.await(ContextApiTest.bootstrap(), Topics.NOTES_FILED,
                v -> v.contains(draftId.toString()), Duration.ofSeconds(90));
        return JSON.readTree(filed).get("documentReferenceId").asText();
    }

    static int documentsFor(UUID draftId) {
        return SandboxEhrSupport.client("system/DocumentReference.rs").search()
                .byUrl("DocumentReference?identifier=" + NoteTransaction.DRAFT_SYSTEM + "%7C" + draftId)
                .returnBundle(Bundle.class).execute().getEntry().size();
    }

    static void assertValid(IBaseResource resource) {
        FhirContext ctx = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(ctx.getValidationSupport(),
                new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx));
        FhirValidator validator = ctx.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        ValidationResult result = validator.validateWithResult(resource);
        var errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                // AIAST (AI asserted) was added to v3-ObservationValue after R4 was published; the R4 package bundles
                // the older code system, so this one code is unknown to a base-R4 validation and nothing else may be.
                .filter(m -> !m.endsWith("Unknown code 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue#AIAST'"))
                .toList();
        assertThat(errors).as(resource.fhirType() + " validates against base R4").isEmpty();
    }
}
