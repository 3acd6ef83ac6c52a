package org.signet.adapter.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.signet.contracts.DraftReady;
import org.signet.contracts.NoteSigned;

/**
 * The one transaction a signed note is filed with: a US Core-style {@code DocumentReference} (conditional create on
 * {@code urn:signet:draft|{draftId}}), the AI {@code Device} that drafted it (conditional create per model
 * version) and a {@code Provenance} (Device as author and assembler, clinician as verifier, prompt template as
 * source entity), following the HL7 AI Transparency on FHIR IG where R4 allows.
 */
public final class NoteTransaction {

    public static final String DRAFT_SYSTEM = "urn:signet:draft";
    /** Identifier system of a replacement note (amendment id), so it never matches its draft's original. */
    public static final String AMENDMENT_SYSTEM = "urn:signet:amendment";
    public static final String MODEL_SYSTEM = "urn:signet:ai-model";
    public static final String TEMPLATE_SYSTEM = "urn:signet:prompt-template";
    public static final String USER_SYSTEM = "urn:signet:user";
    public static final String LOINC = "http://loinc.org";
    public static final String US_CORE_CATEGORY =
            "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";
    public static final String OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    public static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    /**
     * Provenance extension: the review behind the signature — how many sentences of the note the transcript or chart
     * supported, whether the signer was shown that evidence, and how each omission was answered.
     */
    public static final String REVIEW_EXTENSION = "urn:signet:draft-review";

    private static final Map<String, String> NOTE_TYPE_DISPLAY = Map.of(
            "11506-3", "Progress note",
            "11488-4", "Consult note",
            "34117-2", "History and physical note",
            "18842-5", "Discharge summary");

    /**
     * What is filed.
     *
     * @param draftId     the draft id (identifier, idempotency)
     * @param noteType    LOINC code
     * @param patientId   EHR Patient id
     * @param encounterId EHR Encounter id
     * @param clinician   reference to the signing clinician's Practitioner (literal or by identifier)
     * @param text        the re-identified note text
     * @param signedAt    signature time (DocumentReference.date, Provenance.recorded)
     * @param model       the draft's lineage
     * @param replaces    DocumentReference id this note replaces, or null
     * @param amendmentId for a replacement: its id (identifier {@code urn:signet:amendment|…}), else null
     * @param review      what the signer reviewed (evidence and omissions), or null when the draft had none
     */
    public record Note(UUID draftId, String noteType, String patientId, String encounterId, Reference clinician,
            String text, Date signedAt, DraftReady.ModelLineage model, String replaces, UUID amendmentId,
            NoteSigned.Review review) {

        /** {@code system|value} of the note's identifier, the conditional-create key. */
        public String identifierToken() {
            return amendmentId == null ? DRAFT_SYSTEM + "|" + draftId : AMENDMENT_SYSTEM + "|" + amendmentId;
        }
    }

    private NoteTransaction() {}

    public static Bundle build(Note note) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String deviceUrl = "urn:uuid:" + UUID.randomUUID();
        String documentUrl = "urn:uuid:" + UUID.randomUUID();

        Device device = device(note.model());
        bundle.addEntry().setFullUrl(deviceUrl).setResource(device).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Device")
                .setIfNoneExist("identifier=" + MODEL_SYSTEM + "|" + modelKey(note.model()));

        String draftIdentifier = note.identifierToken();
        bundle.addEntry().setFullUrl(documentUrl).setResource(documentReference(note)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("DocumentReference")
                .setIfNoneExist("identifier=" + draftIdentifier);

        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(provenance(note, documentUrl, deviceUrl)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
        return bundle;
    }

    /** {@code provider/model/version}: one Device per model version. */
    public static String modelKey(DraftReady.ModelLineage model) {
        return model.providerId() + "/" + model.modelName() + "/" + model.modelVersion();
    }

    static DocumentReference documentReference(Note note) {
        DocumentReference doc = new DocumentReference();
        doc.getMeta().addSecurity(new Coding(OBSERVATION_VALUE, "AIAST", "artificial intelligence asserted"));
        // a replacement carries only its amendment id: the draft id must keep matching exactly one note
        doc.addIdentifier(note.amendmentId() == null
                ? new Identifier().setSystem(DRAFT_SYSTEM).setValue(note.draftId().toString())
                : new Identifier().setSystem(AMENDMENT_SYSTEM).setValue(note.amendmentId().toString()));
        doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        doc.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
        doc.setType(new CodeableConcept(new Coding(LOINC, note.noteType(),
                NOTE_TYPE_DISPLAY.getOrDefault(note.noteType(), null))));
        doc.addCategory(new CodeableConcept(new Coding(US_CORE_CATEGORY, "clinical-note", "Clinical Note")));
        doc.setSubject(new Reference("Patient/" + note.patientId()));
        doc.setDate(note.signedAt());
        doc.addAuthor(note.clinician().copy());
        doc.setAuthenticator(note.clinician().copy());
        doc.getContext().addEncounter(new Reference("Encounter/" + note.encounterId()));
        doc.addContent().setAttachment(new Attachment()
                .setContentType("text/plain; charset=utf-8")
                .setLanguage("en-US")
                .setData(note.text().getBytes(StandardCharsets.UTF_8))
                .setTitle(NOTE_TYPE_DISPLAY.getOrDefault(note.noteType(), "Clinical note"))
                .setCreationElement(new org.hl7.fhir.r4.model.DateTimeType(note.signedAt())));
        if (note.replaces() != null) {
            doc.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.REPLACES)
                    .setTarget(new Reference("DocumentReference/" + note.replaces()));
        }
        return doc;
    }

    static Device device(DraftReady.ModelLineage model) {
        Device device = new Device();
        device.addIdentifier(new Identifier().setSystem(MODEL_SYSTEM).setValue(modelKey(model)));
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.addDeviceName().setName(model.modelName()).setType(Device.DeviceNameType.MODELNAME);
        device.addVersion().setValue(model.modelVersion());
        device.setType(new CodeableConcept().setText(model.aiGenerated() ? "AI language model"
                : "Deterministic template drafter (no AI model)"));
        device.setManufacturer(model.providerId());
        return device;
    }

    static Provenance provenance(Note note, String documentUrl, String deviceUrl) {
        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference(documentUrl));
        provenance.setRecordedElement(new InstantType(note.signedAt()));
        provenance.addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "author", "Author")))
                .setWho(new Reference(deviceUrl));
        provenance.addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "assembler", "Assembler")))
                .setWho(new Reference(deviceUrl));
        provenance.addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "verifier", "Verifier")))
                .setWho(note.clinician().copy());
        DraftReady.ModelLineage model = note.model();
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(TEMPLATE_SYSTEM)
                        .setValue(model.promptTemplateId() + "/v" + model.promptTemplateVersion()))
                        .setDisplay("prompt template " + model.promptTemplateId() + " v"
                                + model.promptTemplateVersion()));
        NoteSigned.Review review = note.review();
        if (review != null) {
            Extension reviewed = provenance.addExtension().setUrl(REVIEW_EXTENSION);
            reviewed.addExtension("sentences", new IntegerType(review.sentences()));
            reviewed.addExtension("supportedSentences", new IntegerType(review.supportedSentences()));
            reviewed.addExtension("evidenceShown", new BooleanType(review.evidenceShown()));
            List<NoteSigned.OmissionDecision> omissions = review.omissions() == null ? List.of() : review.omissions();
            reviewed.addExtension("omissionsAdded", new IntegerType((int) omissions.stream()
                    .filter(d -> NoteSigned.OmissionDecision.ADDED.equals(d.decision())).count()));
            reviewed.addExtension("omissionsNotRelevant", new IntegerType((int) omissions.stream()
                    .filter(d -> NoteSigned.OmissionDecision.NOT_RELEVANT.equals(d.decision())).count()));
        }
        return provenance;
    }
}
