package org.signet.services.testing;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A patient whose identifiers are unique canary strings, loaded into the sandbox EHR: anything that finds one of
 * them outside the EHR and the vault has found a leak.
 */
public record CanaryChart(String patient, String encounter, List<String> canaries) {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /** A new canary patient (unique per call) with an encounter today, a problem and a vital sign. */
    public static CanaryChart load(boolean optedOut) {
        return load(optedOut, UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase());
    }

    /** A canary patient with a chosen tag: its family name is {@code Canaryfamily<tag in lower case>}. */
    public static CanaryChart load(boolean optedOut, String tag) {
        String given = "Canarygiven" + tag.toLowerCase();
        String family = "Canaryfamily" + tag.toLowerCase();
        String mrn = "CMRN" + tag;
        String phone = "(555) 7" + tag.substring(0, 2).replaceAll("\\D", "1") + "-01" + tag.substring(2, 4)
                .replaceAll("\\D", "2");
        String street = tag.substring(0, 3).replaceAll("\\D", "7") + " Canarystreet" + tag.toLowerCase() + " Lane";
        String city = "Canarytown" + tag.toLowerCase();
        String birth = "1950-0" + (1 + Math.abs(tag.hashCode() % 9)) + "-1" + Math.abs(tag.hashCode() % 9);

        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven(given);
        patient.addIdentifier().setSystem("http://hospital.example.org/mrn").setValue(mrn)
                .getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR");
        patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone);
        patient.addAddress().addLine(street).setCity(city).setState("MA").setPostalCode("02139");
        patient.setBirthDateElement(new DateType(birth));
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);

        Date today = Date.from(LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC));
        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        encounter.addType(new CodeableConcept().setText("Office visit"));
        encounter.setSubject(new Reference("urn:uuid:patient"));
        encounter.setPeriod(new Period().setStart(today).setEnd(today));

        Condition condition = new Condition();
        condition.setSubject(new Reference("urn:uuid:patient"));
        condition.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
        condition.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "38341003", "Hypertension")));
        condition.setOnset(new DateTimeType("2019-03-04"));
        condition.setRecordedDate(today);

        Observation bp = new Observation();
        bp.setStatus(Observation.ObservationStatus.FINAL);
        bp.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        bp.setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", "Systolic blood pressure")));
        bp.setSubject(new Reference("urn:uuid:patient"));
        bp.setEffective(new DateTimeType(today));
        bp.setValue(new Quantity().setValue(new BigDecimal("142")).setUnit("mmHg"));

        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        add(transaction, "urn:uuid:patient", patient);
        add(transaction, "urn:uuid:encounter", encounter);
        add(transaction, "urn:uuid:condition", condition);
        add(transaction, "urn:uuid:bp", bp);
        if (optedOut) {
            Consent consent = new Consent();
            consent.setStatus(Consent.ConsentState.ACTIVE);
            consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                    "treatment", "Treatment")));
            consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Consent Document")));
            consent.setPatient(new Reference("urn:uuid:patient"));
            consent.getPolicyRule().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentpolicycodes")
                    .setCode("hipaa-auth");
            Consent.ProvisionComponent provision = consent.getProvision();
            provision.setType(Consent.ConsentProvisionType.DENY);
            provision.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT",
                    "treatment"));
            add(transaction, "urn:uuid:consent", consent);
        }
        Bundle response = post(transaction);
        String patientId = location(response, "Patient");
        String encounterId = location(response, "Encounter");
        return new CanaryChart(patientId, encounterId, List.of(given, family, mrn, mrn.toLowerCase(),
                phone.replaceAll("\\D", ""), phone.substring(6), street, city, birth));
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    private static Bundle post(Bundle transaction) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    BackingServices.sandboxEhr().adminBaseUrl() + "/load"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(transaction)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the sandbox EHR refused the canary chart: " + response.statusCode()
                        + " " + response.body());
            }
            return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("cannot load the canary chart into the sandbox EHR", e);
        }
    }

    /** {@code Patient/abc} from the {@code response.location} ({@code Patient/abc/_history/1}) of that type. */
    private static String location(Bundle response, String type) {
        return response.getEntry().stream().map(e -> e.getResponse().getLocation())
                .filter(location -> location.startsWith(type + "/"))
                .map(location -> location.split("/"))
                .map(parts -> parts[0] + "/" + parts[1])
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + type + " in the transaction response"));
    }
}
