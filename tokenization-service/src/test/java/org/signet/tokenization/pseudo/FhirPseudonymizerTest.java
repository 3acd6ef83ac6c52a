package org.signet.tokenization.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.signet.tokenization.detect.PhiType;

class FhirPseudonymizerTest {

    private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();
    private static final FhirPseudonymizer SAFE_HARBOR = FhirPseudonymizer.safeHarbor();

    @Test
    void noPatientIdentifierSurvivesInAnyBundle() {
        for (Bundle bundle : SyntheaBundles.all()) {
            Patient patient = (Patient) bundle.getEntryFirstRep().getResource();
            FhirPseudonymizer.Result result = SAFE_HARBOR.pseudonymize(bundle, new InMemoryTokenIssuer(137));
            String everything = JSON.encodeResourceToString(result.resource()) + "\n" + attachmentTexts(result.resource());

            Set<String> resourceIds = new HashSet<>();
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                resourceIds.add(e.getResource().getIdElement().getIdPart());
                resourceIds.add(e.getFullUrl().replace("urn:uuid:", ""));
            }
            List<String> canaries = new ArrayList<>();
            for (HumanName n : patient.getName()) {
                n.getGiven().forEach(g -> canaries.add(g.getValue()));
                canaries.add(n.getFamily());
            }
            for (Identifier id : patient.getIdentifier()) {
                // Synthea reuses the resource id as MRN; resource ids are kept by design (references must resolve)
                if (!resourceIds.contains(id.getValue())) {
                    canaries.add(id.getValue());
                }
            }
            for (ContactPoint t : patient.getTelecom()) {
                canaries.add(t.getValue());
            }
            for (Address a : patient.getAddress()) {
                a.getLine().forEach(l -> canaries.add(l.getValue()));
                canaries.add(a.getCity());
                canaries.add(a.getPostalCode());
            }
            canaries.add(patient.getBirthDateElement().getValueAsString());
            String name = patient.getNameFirstRep().getNameAsSingleString();
            for (String canary : canaries) {
                if (canary == null || canary.isBlank()) {
                    continue;
                }
                Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(canary) + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE).matcher(everything);
                assertFalse(m.find(), () -> "a canary of " + name + " survived: '" + canary + "' near '"
                        + context(everything, canary) + "'");
            }
        }
    }

    @Test
    void inputIsNotChangedAndIdsAndReferencesStay() {
        Bundle bundle = SyntheaBundles.first();
        String before = JSON.encodeResourceToString(bundle);
        Bundle out = (Bundle) SAFE_HARBOR.pseudonymize(bundle, new InMemoryTokenIssuer(30)).resource();
        assertEquals(before, JSON.encodeResourceToString(bundle));
        Encounter original = first(bundle, Encounter.class);
        Encounter enc = first(out, Encounter.class);
        assertEquals(original.getIdElement().getIdPart(), enc.getIdElement().getIdPart());
        assertEquals(original.getSubject().getReference(), enc.getSubject().getReference());
        assertEquals(bundle.getEntryFirstRep().getFullUrl(), out.getEntryFirstRep().getFullUrl());
    }

    @Test
    void theSameNameGetsTheSameTokenInPatientNameReferenceDisplayAndNote() {
        Bundle bundle = SyntheaBundles.first();
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(-45);
        FhirPseudonymizer.Result result = SAFE_HARBOR.pseudonymize(bundle, issuer);
        Bundle out = (Bundle) result.resource();
        Patient p = first(out, Patient.class);
        String token = p.getNameFirstRep().getText();
        assertTrue(token.matches("\\[\\[PATIENT_NAME_\\d+]]"), token);
        assertFalse(p.getNameFirstRep().hasFamily());
        assertEquals("Mrs.", p.getNameFirstRep().getPrefixAsSingleString());

        Patient original = first(bundle, Patient.class);
        String given = original.getNameFirstRep().getGivenAsSingleString();
        DocumentReference doc = first(out, DocumentReference.class);
        String note = new String(doc.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8);
        assertFalse(note.contains(given), note);
        assertTrue(note.contains(token + " is a"), note);

        Encounter enc = first(out, Encounter.class);
        assertEquals("Mrs. " + token, enc.getSubject().getDisplay());
        assertTrue(result.chart().stream().anyMatch(c -> c.tokenType().equals("PATIENT_NAME")
                && c.phiType() == PhiType.NAME && c.original().equals(original.getNameFirstRep().getNameAsSingleString()
                        .replace("Mrs. ", ""))), result.chart().toString());
        assertEquals(original.getNameFirstRep().getNameAsSingleString().replace("Mrs. ", ""),
                issuer.originalOf(token).orElseThrow());
    }

    @Test
    void documentReferenceBase64NoteIsDecodedPseudonymizedAndReencoded() {
        Bundle bundle = SyntheaBundles.first();
        DocumentReference doc = first(bundle, DocumentReference.class);
        String before = new String(doc.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8);
        Bundle out = (Bundle) SAFE_HARBOR.pseudonymize(bundle, new InMemoryTokenIssuer(10)).resource();
        Attachment a = first(out, DocumentReference.class).getContentFirstRep().getAttachment();
        String after = new String(a.getData(), StandardCharsets.UTF_8);
        assertNotEquals(before, after);
        assertTrue(after.contains("[[PATIENT_NAME_"), after);
        // the note's heading date is tokenized, so re-identification restores the real date in a signed note
        String firstDate = before.strip().substring(0, 10);
        assertTrue(after.strip().startsWith("[[DATE_"), after);
        assertTrue(!after.contains(firstDate), after);
        assertEquals("text/plain", a.getContentType());
        assertTrue(JSON.encodeResourceToString(out).contains("\"data\": \"") || JSON.encodeResourceToString(out).contains("\"data\":\""));
        DiagnosticReport dr = first(out, DiagnosticReport.class);
        assertTrue(new String(dr.getPresentedFormFirstRep().getData(), StandardCharsets.UTF_8).contains("[[PATIENT_NAME_"));
    }

    @Test
    void dateShiftPreservesIntervalsTimeAndZone() {
        Bundle bundle = SyntheaBundles.first();
        Bundle out = (Bundle) SAFE_HARBOR.pseudonymize(bundle, new InMemoryTokenIssuer(-200)).resource();
        Encounter before = first(bundle, Encounter.class);
        Encounter after = first(out, Encounter.class);
        String s0 = before.getPeriod().getStartElement().getValueAsString();
        String s1 = after.getPeriod().getStartElement().getValueAsString();
        OffsetDateTime b0 = OffsetDateTime.parse(s0);
        OffsetDateTime a0 = OffsetDateTime.parse(s1);
        assertEquals(b0.minusDays(200).toLocalDateTime(), a0.toLocalDateTime());
        assertEquals(b0.getOffset(), a0.getOffset());
        Duration durationBefore = Duration.between(b0,
                OffsetDateTime.parse(before.getPeriod().getEndElement().getValueAsString()));
        Duration durationAfter = Duration.between(a0,
                OffsetDateTime.parse(after.getPeriod().getEndElement().getValueAsString()));
        assertEquals(durationBefore, durationAfter);
        // and between two resources: birth date to the encounter, in days
        Patient pb = first(bundle, Patient.class);
        Patient pa = first(out, Patient.class);
        assertEquals(java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.parse(pb.getBirthDateElement().getValueAsString()),
                b0.toLocalDate()), java.time.temporal.ChronoUnit.DAYS.between(
                java.time.LocalDate.parse(pa.getBirthDateElement().getValueAsString()), a0.toLocalDate()));
        // the issued instant keeps its milliseconds
        Observation ob = first(bundle, Observation.class);
        Observation oa = first(out, Observation.class);
        assertEquals(DateShift.shiftFhir(ob.getIssuedElement().getValueAsString(), -200), oa.getIssuedElement().getValueAsString());
    }

    @Test
    void zipIsGeneralisedAndRestrictedPrefixesBecomeZeros() {
        Patient p = new Patient();
        p.addAddress().setPostalCode("98053-1234").setCity("Redmond").addLine("1 Main St").setState("WA");
        p.addAddress().setPostalCode("03601").setCity("Claremont").setState("NH");
        Patient out = (Patient) SAFE_HARBOR.pseudonymize(p, new InMemoryTokenIssuer(1)).resource();
        assertEquals("98000", out.getAddress().get(0).getPostalCode());
        assertEquals("00000", out.getAddress().get(1).getPostalCode());
        assertEquals("WA", out.getAddress().get(0).getState());
        assertEquals("[[PATIENT_CITY_1]]", out.getAddress().get(0).getCity());
        assertEquals("[[PATIENT_ADDRESS_1]]", out.getAddress().get(0).getLine().get(0).getValue());
    }

    @Test
    void agesOver89AreGeneralised() {
        Condition c = new Condition();
        c.setOnset(new Age().setValue(95).setUnit("years").setSystem("http://unitsofmeasure.org").setCode("a"));
        c.addNote().setText("The patient, a 93 year-old, reports pain.");
        Condition out = (Condition) SAFE_HARBOR.pseudonymize(c, new InMemoryTokenIssuer(1)).resource();
        Age age = out.getOnsetAge();
        assertEquals(90, age.getValue().intValue());
        assertEquals(Quantity.QuantityComparator.GREATER_OR_EQUAL, age.getComparator());
        assertEquals("The patient, a 90+ year-old, reports pain.", out.getNoteFirstRep().getText());

        Condition young = new Condition();
        young.setOnset(new Age().setValue(45).setCode("a"));
        assertEquals(45, ((Condition) SAFE_HARBOR.pseudonymize(young, new InMemoryTokenIssuer(1)).resource())
                .getOnsetAge().getValue().intValue());
    }

    @Test
    void fallbackCatchesPhiTypesInPlacesNoRuleNames() {
        Observation o = new Observation();
        o.addExtension(new Extension("http://example.org/fhir/StructureDefinition/lab-accession",
                new Identifier().setSystem("http://lab.example.org").setValue("ACC-7781234")));
        o.addExtension(new Extension("http://example.org/fhir/StructureDefinition/collector",
                new HumanName().setFamily("Quiggleton").addGiven("Marisol")));
        o.addExtension(new Extension("http://example.org/fhir/StructureDefinition/callback",
                new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("(206) 555-0142")));
        o.getMeta().setLastUpdatedElement(new org.hl7.fhir.r4.model.InstantType("2020-01-02T03:04:05.678Z"));
        FhirPseudonymizer.Result r = SAFE_HARBOR.pseudonymize(o, new InMemoryTokenIssuer(3));
        String json = JSON.encodeResourceToString(r.resource());
        assertFalse(json.contains("ACC-7781234"), json);
        assertFalse(json.contains("Quiggleton"), json);
        assertFalse(json.contains("555-0142"), json);
        assertTrue(json.contains("[[ID_1]]"), json);
        assertTrue(json.contains("[[NAME_1]]"), json);
        assertTrue(json.contains("[[PHONE_1]]"), json);
        assertTrue(json.contains("2020-01-05T03:04:05.678Z"), json);
        assertEquals(1, r.counts().get("default Identifier token"));
        assertEquals(1, r.counts().get("default HumanName token"));
    }

    @Test
    void photoIsRedactedAndGeolocationRemoved() {
        Patient p = new Patient();
        p.addPhoto().setContentType("image/jpeg").setData(new byte[] {1, 2, 3});
        Address a = p.addAddress().setCity("Kenmore");
        a.addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/geolocation"));
        Patient out = (Patient) SAFE_HARBOR.pseudonymize(p, new InMemoryTokenIssuer(3)).resource();
        assertFalse(out.hasPhoto());
        assertFalse(out.getAddressFirstRep().hasExtension());
    }

    @Test
    void birthDateYearOnlyIsKeptAndNonTextAttachmentDataIsRemoved() {
        Patient p = new Patient();
        p.setBirthDateElement(new DateType("1931"));
        Patient out = (Patient) SAFE_HARBOR.pseudonymize(p, new InMemoryTokenIssuer(100)).resource();
        assertEquals("1931", out.getBirthDateElement().getValueAsString());

        DocumentReference d = new DocumentReference();
        d.addContent().getAttachment().setContentType("application/pdf").setData(new byte[] {37, 80, 68, 70});
        DocumentReference dout = (DocumentReference) SAFE_HARBOR.pseudonymize(d, new InMemoryTokenIssuer(1)).resource();
        assertFalse(dout.getContentFirstRep().getAttachment().hasData());
    }

    @Test
    void chartCarriesWhatWasTokenizedAndTranscriptReusesTheTokens() {
        Bundle bundle = SyntheaBundles.first();
        Patient original = first(bundle, Patient.class);
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(12);
        FhirPseudonymizer.Result result = SAFE_HARBOR.pseudonymize(bundle, issuer);
        Patient p = first((Bundle) result.resource(), Patient.class);
        String family = original.getNameFirstRep().getFamily();
        String phone = original.getTelecomFirstRep().getValue();
        String transcript = "Mrs. " + family + " says she was called at " + phone.replace("-", ".") + ".";
        TextPseudonymizer.Result t = SAFE_HARBOR.textPseudonymizer().pseudonymize(transcript, issuer, result.chart());
        assertEquals("Mrs. " + p.getNameFirstRep().getText() + " says she was called at "
                + p.getTelecomFirstRep().getValue() + ".", t.text());
        assertTrue(result.chart().stream().anyMatch(c -> c.phiType() == PhiType.DATE
                && c.original().equals(original.getBirthDateElement().getValueAsString())));
        assertTrue(result.counts().get("rule 1 (Patient.name token)") >= 1, result.counts().toString());
    }

    @Test
    void throughputOverAllBundles() {
        List<Bundle> bundles = SyntheaBundles.all();
        int resources = bundles.stream().mapToInt(b -> b.getEntry().size()).sum();
        for (int warm = 0; warm < 8; warm++) {
            for (Bundle b : bundles) {
                SAFE_HARBOR.pseudonymize(b, new InMemoryTokenIssuer(7));
            }
        }
        int rounds = 10;
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (Bundle b : bundles) {
                SAFE_HARBOR.pseudonymize(b, new InMemoryTokenIssuer(7));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double perSecond = resources * rounds / seconds;
        System.out.printf("pseudonymized %d bundles, %d resources, %d rounds: %.0f resources/s on one thread%n",
                bundles.size(), resources, rounds, perSecond);
        assertTrue(perSecond > 1000, "far too slow: " + perSecond);
    }

    private static String attachmentTexts(org.hl7.fhir.instance.model.api.IBaseResource r) {
        StringBuilder sb = new StringBuilder();
        for (Bundle.BundleEntryComponent e : ((Bundle) r).getEntry()) {
            Resource res = e.getResource();
            if (res instanceof DocumentReference d) {
                d.getContent().forEach(c -> append(sb, c.getAttachment()));
            } else if (res instanceof DiagnosticReport dr) {
                dr.getPresentedForm().forEach(a -> append(sb, a));
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Attachment a) {
        if (a.hasData()) {
            sb.append(new String(a.getData(), StandardCharsets.UTF_8)).append('\n');
        }
    }

    private static String context(String text, String canary) {
        int i = text.toLowerCase().indexOf(canary.toLowerCase());
        return i < 0 ? "" : text.substring(Math.max(0, i - 80), Math.min(text.length(), i + canary.length() + 80));
    }

    private static <T extends Resource> T first(Bundle b, Class<T> type) {
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
            if (type.isInstance(e.getResource())) {
                return type.cast(e.getResource());
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }
}
