package org.signet.tokenization.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.signet.tokenization.detect.PhiDetector;
import org.signet.tokenization.detect.PhiSpan;
import org.signet.tokenization.detect.PhiType;
import org.signet.tokenization.service.PhiGuard;

/**
 * Identifiers disguised with Unicode tricks (issue 17, items 1 and 2): invisible characters inside a name, look-alike
 * letters and digits, a name stored reversed inside a right-to-left override, and token syntax typed into the input.
 */
class DisguisedIdentifierTest {

    private static final List<ChartEntry> CHART = List.of(
            new ChartEntry("PATIENT_NAME", PhiType.NAME, "Antonia Ruelas"),
            new ChartEntry("PATIENT_PHONE", PhiType.PHONE, "555-355-9196"),
            new ChartEntry("PATIENT_MRN", PhiType.MRN, "A1234567"));

    /** Every invisible character issue 17 names, as code points. */
    static final int[] INVISIBLES = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x00AD, 0x2060, 0x2061, 0x2062, 0x2063,
            0x2064, 0xFEFF, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069};

    @Test
    void aChartNameSplitByAnyInvisibleCharacterIsReplacedWhole() {
        for (int cp : INVISIBLES) {
            String c = Character.toString(cp);
            InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
            String text = "Mrs. Ant" + c + "onia Rue" + c + "las came in today.";
            String out = new TextPseudonymizer().pseudonymize(text, issuer, CHART).text();
            String name = issuer.tokenFor("PATIENT_NAME", "Antonia Ruelas");
            assertEquals("Mrs. " + name + " came in today.", out, "U+" + Integer.toHexString(cp));
        }
    }

    @Test
    void aNameUnknownToTheChartSplitByInvisibleCharactersIsReplacedWhole() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        String out = new TextPseudonymizer().pseudonymize(
                "Referred by Dr. Har\u200Bold Finch\u00ADley, call 206-555-01\u200D99.", issuer, List.of()).text();
        assertFalse(out.contains("old"), out);
        assertFalse(out.contains("ley"), out);
        assertFalse(out.contains("99"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\u0410nt\u043Enia Ruel\u0430s",           // Cyrillic А, о, а
        "\uFF21ntonia \uFF32uelas",                 // full-width A, R
        "\uD835\uDC00ntonia Ruelas",                // mathematical bold A
        "Antonia\u00A0Ruelas",                     // no-break space
        "A\u034Fntonia Ruelas",                     // combining grapheme joiner
    })
    void lookAlikeLettersAndSpacesAreFolded(String disguised) {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        String out = new TextPseudonymizer().pseudonymize("Seen: " + disguised + ".", issuer, CHART).text();
        assertEquals("Seen: " + issuer.tokenFor("PATIENT_NAME", "Antonia Ruelas") + ".", out);
    }

    @Test
    void lookAlikeDigitsInAChartPhoneAreFolded() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        // Arabic-Indic and full-width digits
        String out = new TextPseudonymizer().pseudonymize(
                "Call \u0665\u0665\u0665-355-\uFF19\uFF11\uFF19\uFF16 tomorrow.", issuer, CHART).text();
        assertEquals("Call " + issuer.tokenFor("PATIENT_PHONE", "555-355-9196") + " tomorrow.", out);
    }

    @Test
    void aNameReversedInsideARightToLeftOverrideIsReplaced() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        // stored "saleuR ainotnA", displayed "Antonia Ruelas"
        String text = "Patient: \u202Esaleur ainotnA\u202C reports headaches.";
        String out = new TextPseudonymizer().pseudonymize(text, issuer, CHART).text();
        assertFalse(out.contains("ainotnA"), out);
        assertFalse(out.contains("saleuR"), out);
        assertTrue(out.contains(issuer.tokenFor("PATIENT_NAME", "Antonia Ruelas")), out);
    }

    @Test
    void theGuardSeesThroughEveryDisguise() {
        for (int cp : INVISIBLES) {
            String text = "Draft for Ant" + Character.toString(cp) + "onia.";
            List<PhiGuard.Finding> findings = PhiGuard.scan(text, CHART);
            assertEquals(1, findings.size(), "U+" + Integer.toHexString(cp) + ": " + findings);
            assertEquals(10, findings.get(0).start());
            assertEquals(text.length() - 1, findings.get(0).end());
        }
        assertFalse(PhiGuard.scan("\u202Esaleur ainotnA\u202C", CHART).isEmpty(), "reversed in an override");
        assertFalse(PhiGuard.scan("Ru\u0435l\u0430s", CHART).isEmpty(), "Cyrillic look-alikes");
        assertFalse(PhiGuard.scan("MRN \uFF21\uFF11234567", CHART).isEmpty(), "full-width id");
        assertFalse(PhiGuard.scan("555\u200B355\u200B9196", CHART).isEmpty(), "split phone");
        assertTrue(PhiGuard.scan("Nothing of hers here.", CHART).isEmpty());
    }

    @Test
    void everyBuiltInRecognizerReadsThroughInvisibleCharacters() {
        PhiDetector detector = PhiDetector.defaults();
        String zw = "\u200B";
        String text = "Pt Dr. Harold Finch" + zw + "ley, SSN 123-45-" + zw + "6789, email j.doe@exam" + zw + "ple.com, "
                + "born 03/0" + zw + "7/1984, lives at 12 Ma" + zw + "ple Street, aged 9" + zw + "4 years old.";
        List<PhiSpan> spans = detector.detect(text);
        for (String fragment : List.of("ley", "6789", "ple.com", "7/1984", "ple Street")) {
            int at = text.indexOf(fragment);
            assertTrue(spans.stream().anyMatch(s -> s.start() <= at && s.end() >= at + fragment.length()),
                    fragment + " not covered: " + spans);
        }
    }

    @Test
    void plainAsciiTextIsDetectedExactlyAsBefore() {
        PhiDetector detector = PhiDetector.defaults();
        String text = "Dr. Harold Finchley saw Mrs. Okafor on 03/07/1984; call 206-555-0199.";
        List<PhiSpan> asWritten = new java.util.ArrayList<>(detector.detectAsWritten(text));
        PhiDetector.widenToWrittenForm(text, asWritten);
        assertEquals(PhiDetector.resolve(asWritten), detector.detect(text));
    }

    @Test
    void tokenSyntaxInATranscriptStaysLiteralThroughReidentification() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        String name = issuer.tokenFor("PATIENT_NAME", "Antonia Ruelas");
        String typed = "She wrote [[PATIENT_NAME_1]] and [[\\PATIENT_NAME_1]] on the form; Antonia Ruelas signed.";
        String out = new TextPseudonymizer().pseudonymize(typed, issuer, CHART).text();
        assertEquals("She wrote [[\\PATIENT_NAME_1]] and [[\\\\PATIENT_NAME_1]] on the form; " + name + " signed.",
                out);
        Reidentifier.Result back = Reidentifier.reidentify(out, issuer::originalOf);
        assertEquals(typed, back.text(), "the typed text comes back as typed, the real token as the name");
        // even with nothing detected in it
        assertEquals("see [[\\NAME_1]]", new TextPseudonymizer().pseudonymize("see [[NAME_1]]", issuer, List.of())
                .text());
    }

    @Test
    void reidentifiedTextHasItsInvisibleCharactersRemovedAndCounted() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        String token = issuer.tokenFor("NAME", "Har\u200Bold");
        Reidentifier.Result back = Reidentifier.reidentify("\u202E" + token + " seen\u00AD today\u202C",
                issuer::originalOf);
        assertEquals("Harold seen today", back.text());
        assertEquals(4, back.invisibleRemoved());
        assertEquals(2, back.bidiControlsRemoved());
        assertEquals(0, Reidentifier.reidentify("plain", t -> Optional.empty()).invisibleRemoved());
    }

    @Test
    void theIssuerGivesADisguisedOriginalThePlainOnesToken() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        assertEquals(issuer.tokenFor("NAME", "Antonia"), issuer.tokenFor("NAME", "Ant\u200Bon\u0456a"));
    }

    @Test
    void fhirStringsSeeThroughInvisibleCharactersToo() {
        Patient patient = new Patient();
        patient.setId("p1");
        patient.addName().setFamily("Rue\u00ADlas").addGiven("Ant\u200Bonia");
        Condition condition = new Condition();
        condition.setSubject(new Reference("Patient/p1"));
        condition.addNote().setText("Mrs. Ant\u2060onia Rue\uFEFFlas declined the flu shot.");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(patient);
        bundle.addEntry().setResource(condition);
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        FhirPseudonymizer.Result result = FhirPseudonymizer.safeHarbor().pseudonymize(bundle, issuer);
        Bundle out = (Bundle) result.resource();
        String name = ((Patient) out.getEntry().get(0).getResource()).getNameFirstRep().getText();
        String note = ((Condition) out.getEntry().get(1).getResource()).getNoteFirstRep().getText();
        assertEquals("Mrs. " + name + " declined the flu shot.", note);
        String transcript = FhirPseudonymizer.safeHarbor().textPseudonymizer()
                .pseudonymize("Antonia Ruelas is here.", issuer, result.chart()).text();
        assertEquals(name + " is here.", transcript, "the plain name finds the disguised chart entry's token");
    }

    @Test
    void tokenSyntaxInChartStringsStaysLiteral() {
        Patient patient = new Patient();
        patient.setId("p1");
        patient.addName().setFamily("Ruelas").addGiven("Antonia");
        patient.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">See [[PATIENT_NAME_1]]</div>");
        Condition condition = new Condition();
        condition.setSubject(new Reference("Patient/p1"));
        condition.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "38341003", "[[PATIENT_NAME_1]]"))
                .setText("[[PATIENT_NAME_1]] disease"));
        condition.addNote().setText("Told [[PATIENT_NAME_1]] about it.");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(patient);
        bundle.addEntry().setResource(condition);
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        Bundle out = (Bundle) FhirPseudonymizer.safeHarbor().pseudonymize(bundle, issuer).resource();
        Patient p = (Patient) out.getEntry().get(0).getResource();
        assertEquals("[[PATIENT_NAME_1]]", p.getNameFirstRep().getText(), "the real token stays a token");
        Condition c = (Condition) out.getEntry().get(1).getResource();
        assertEquals("[[\\PATIENT_NAME_1]]", c.getCode().getCodingFirstRep().getDisplay());
        assertEquals("[[\\PATIENT_NAME_1]] disease", c.getCode().getText());
        assertEquals("Told [[\\PATIENT_NAME_1]] about it.", c.getNoteFirstRep().getText());
        assertTrue(p.getText().getDiv().allText().contains("[[\\PATIENT_NAME_1]]"), p.getText().getDiv().allText());
        String everything = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(out);
        assertEquals("Told [[PATIENT_NAME_1]] about it.", Reidentifier.reidentify(c.getNoteFirstRep().getText(),
                issuer::originalOf).text(), "reidentified, the typed text is literal again");
        assertFalse(Reidentifier.reidentify(everything, issuer::originalOf).text().replace("Antonia Ruelas\"", "")
                .contains("Antonia Ruelas"), "only the name element re-identifies to the name");
    }

    @Test
    void oddTextIsHandledWithoutErrors() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(3);
        TextPseudonymizer text = new TextPseudonymizer();
        for (String odd : List.of("\u200B\u200B\u202E", "\uD800 lone high", "lone low \uDC00", "\u0301 mark first",
                "e\u0301\u0302\u0303 stacked", "\uD835\uDC00\uD835\uDC01", "\u202E\uD835\uDC00b\u0301c\u202C",
                "\uFB01le \u00BD \u2122", "\n\u202E\n\u202D\n")) {
            String out = text.pseudonymize(odd, issuer, CHART).text();
            assertEquals(odd, out, "nothing to replace in " + odd);
            assertTrue(PhiGuard.scan(odd, CHART).isEmpty());
        }
    }

    @Test
    void disguisedTextStaysLinear() {
        // a megabyte of confusables, zero-width chars and bidi overrides: the folded path, both views
        StringBuilder hostile = new StringBuilder();
        while (hostile.length() < 1 << 20) {
            hostile.append("\u202E\u0410\u200Bnt\u043Enia \uFF32ue\u00ADlas 5\u200B5\u200B5-355 \u202C\n");
        }
        PhiDetector detector = PhiDetector.defaults();
        detector.detect(hostile.substring(0, 50_000)); // warm
        long start = System.nanoTime();
        List<PhiSpan> spans = detector.detect(hostile.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertFalse(spans.isEmpty());
        System.out.printf("1 MiB of disguised text: %.2f s%n", seconds);
        // a guard against quadratic blow-up, not a performance target (JMH measures speed)
        assertTrue(seconds < 20, "1 MiB of hostile text took " + seconds + " s");
    }
}
