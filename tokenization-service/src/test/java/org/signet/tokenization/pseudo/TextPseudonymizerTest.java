package org.signet.tokenization.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.signet.tokenization.detect.PhiType;

class TextPseudonymizerTest {

    private static final List<ChartEntry> CHART = List.of(
            new ChartEntry("PATIENT_NAME", PhiType.NAME, "Janet Marie Baker"),
            new ChartEntry("PATIENT_PHONE", PhiType.PHONE, "555-355-9196"),
            new ChartEntry("PATIENT_MRN", PhiType.MRN, "A1234567"),
            new ChartEntry("PATIENT_BIRTH_DATE", PhiType.DATE, "1984-03-07"));

    @Test
    void chartVariantsGetTheTokenOfTheirSourceEntry() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(10);
        String name = issuer.tokenFor("PATIENT_NAME", "janet  marie BAKER");
        String text = "Mrs. Baker (MRN A1234567) called from (555) 355-9196; Janet Baker confirmed.";
        TextPseudonymizer.Result r = new TextPseudonymizer().pseudonymize(text, issuer, CHART);
        assertEquals("Mrs. " + name + " (MRN " + issuer.tokenFor("PATIENT_MRN", "A1234567") + ") called from "
                + issuer.tokenFor("PATIENT_PHONE", "555-355-9196") + "; " + name + " confirmed.", r.text());
        for (TextPseudonymizer.Replacement s : r.spans()) {
            assertTrue(r.text().substring(s.start(), s.end()).startsWith("[["), "output coordinates: " + s);
            assertTrue(s.fromChart(), s.toString());
        }
    }

    @Test
    void datesAreShiftedOrTokenizedAndOldAgesGeneralised() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(-7);
        String text = "Born 03/07/1984, seen on April 2, 2024 and again 2024-04-30; she is 94 years old.";
        TextPseudonymizer.Result shifted = new TextPseudonymizer(TextPseudonymizer.DateHandling.SHIFT)
                .pseudonymize(text, issuer, CHART);
        assertEquals("Born 02/29/1984, seen on March 26, 2024 and again 2024-04-23; she is 90+ years old.",
                shifted.text());
        TextPseudonymizer.Result tokenized = new TextPseudonymizer(TextPseudonymizer.DateHandling.TOKEN)
                .pseudonymize(text, issuer, CHART);
        assertTrue(tokenized.text().startsWith("Born [[PATIENT_BIRTH_DATE_1]], seen on [[DATE_1]]"), tokenized.text());
    }

    @Test
    void unknownPeopleGetDefaultTokens() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(1);
        TextPseudonymizer.Result r = new TextPseudonymizer().pseudonymize(
                "Referred by Dr. Harold Finchley, call 206-555-0199.", issuer, List.of());
        assertFalse(r.text().contains("Finchley"), r.text());
        assertFalse(r.text().contains("0199"), r.text());
        assertTrue(r.text().contains("[[NAME_1]]"), r.text());
    }

    @Test
    void reidentifierRestoresKnownTokensAndReportsUnknownOnes() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(1);
        String text = "Mr. Okafor, phone 555-010-2222.";
        List<ChartEntry> chart = List.of(new ChartEntry("PATIENT_NAME", PhiType.NAME, "Chidi Okafor"),
                new ChartEntry("PATIENT_PHONE", PhiType.PHONE, "555-010-2222"));
        String pseudo = new TextPseudonymizer().pseudonymize(text, issuer, chart).text();
        Reidentifier.Result back = Reidentifier.reidentify(pseudo + " See [[MRN_9]].", issuer::originalOf);
        assertEquals("Mr. Chidi Okafor, phone 555-010-2222. See [[MRN_9]].", back.text());
        assertEquals(List.of("[[MRN_9]]"), back.unknownTokens());
        assertEquals("x", Reidentifier.replaceTokens("x", t -> Optional.empty()));
    }

    @Test
    void issuerNormalisesOriginals() {
        InMemoryTokenIssuer issuer = new InMemoryTokenIssuer(1);
        assertEquals("[[PATIENT_NAME_1]]", issuer.tokenFor("PATIENT_NAME", " Jane   Doe "));
        assertEquals("[[PATIENT_NAME_1]]", issuer.tokenFor("PATIENT_NAME", "JANE DOE"));
        assertEquals("[[PATIENT_NAME_2]]", issuer.tokenFor("PATIENT_NAME", "John Doe"));
        assertEquals("[[PATIENT_PHONE_1]]", issuer.tokenFor("PATIENT_PHONE", "(555) 355-9196"));
        assertEquals("[[PATIENT_PHONE_1]]", issuer.tokenFor("PATIENT_PHONE", "+1 555.355.9196"));
        assertEquals("[[PATIENT_SSN_1]]", issuer.tokenFor("PATIENT_SSN", "999-40-8244"));
        assertEquals("[[PATIENT_SSN_1]]", issuer.tokenFor("PATIENT_SSN", "999 40 8244"));
        assertEquals("[[DATE_1]]", issuer.tokenFor("DATE", "1 May 2020"));
        int shift = InMemoryTokenIssuer.withRandomShift(-30, 30, new java.util.Random(4)).dateShiftDays();
        assertTrue(shift >= -30 && shift <= 30 && shift != 0);
    }

    @Test
    void dateShiftKeepsPrecision() {
        assertEquals("1960", DateShift.shiftFhir("1960", 300));
        assertEquals("1960-04", DateShift.shiftFhir("1960-03", 20));
        assertEquals("1960-03", DateShift.shiftFhir("1960-03", 10));
        assertEquals("1960-02-28", DateShift.shiftFhir("1960-03-02", -3));
        assertEquals("2019-01-01T00:30:00.123-08:00", DateShift.shiftFhir("2018-12-31T00:30:00.123-08:00", 1));
        assertEquals("2020-03-01T10:00:00Z", DateShift.shiftFhir("2020-02-29T10:00:00Z", 1));
        assertEquals(Optional.of("3rd May 2021"), DateShift.shiftWritten("1st May 2021", 2));
        assertEquals(Optional.of("Jan 1, 2021"), DateShift.shiftWritten("Dec 31, 2020", 1));
        assertEquals(Optional.of("1/10/20"), DateShift.shiftWritten("1/9/20", 1));
        assertEquals(Optional.of("01/01/21"), DateShift.shiftWritten("12/31/20", 1));
        assertEquals(Optional.empty(), DateShift.shiftWritten("March 3", 1));
    }

    @Test
    void zipGeneralisation() {
        assertEquals(Optional.of("98000"), Generalization.zip("98053"));
        assertEquals(Optional.of("98000"), Generalization.zip("98028-1830"));
        for (String restricted : Generalization.RESTRICTED_ZIP3) {
            assertEquals(Optional.of("00000"), Generalization.zip(restricted + "42"));
        }
        assertEquals(Optional.empty(), Generalization.zip("SW1A 1AA"));
        assertEquals("89", Generalization.age(89));
        assertEquals("90+", Generalization.age(90));
    }
}
