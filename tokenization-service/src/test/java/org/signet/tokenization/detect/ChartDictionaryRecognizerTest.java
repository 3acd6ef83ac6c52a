package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChartDictionaryRecognizerTest {

    private static final ChartDictionaryRecognizer CHART = ChartDictionaryRecognizer.of(List.of(
            new ChartIdentifier(PhiType.NAME, "Zelda Quartermaine"),
            new ChartIdentifier(PhiType.NAME, "Orrin"),
            new ChartIdentifier(PhiType.MRN, "A104-958-87"),
            new ChartIdentifier(PhiType.PHONE, "+1 (617) 555-0143"),
            new ChartIdentifier(PhiType.EMAIL, "zq@example.org"),
            new ChartIdentifier(PhiType.ADDRESS, "77 Juniper Street"),
            new ChartIdentifier(PhiType.DATE, "1984-03-07")));

    @ParameterizedTest
    @ValueSource(strings = {"Zelda Quartermaine", "QUARTERMAINE, ZELDA", "Quartermaine, Zelda", "Quartermaine",
        "Zelda", "Z. Quartermaine", "Mrs. Quartermaine", "Orrin", "A10495887", "A104 958 87", "a104-958-87",
        "617-555-0143", "6175550143", "(617) 555-0143", "617.555.0143", "ZQ@example.org", "77 Juniper St",
        "77 Juniper St.", "1984-03-07", "03/07/1984", "3/7/1984", "3/7/84", "March 7, 1984", "7 March 1984",
        "Mar 7th", "7th of March", "Mar. 7, 1984", "07-Mar-1984"})
    void findsVariants(String form) {
        String text = "Note: " + form + " was mentioned.";
        List<PhiSpan> spans = PhiDetector.withChart(CHART).detect(text);
        String phi = form.replaceFirst("^(Mrs?|Ms|Dr)\\. ", ""); // titles stay outside the span by design
        int s = text.indexOf(phi);
        assertTrue(spans.stream().anyMatch(p -> p.start() <= s && s + phi.length() <= p.end()),
                () -> form + " -> " + PhiDetectorTest.show(text, spans));
    }

    @Test
    void titleStaysOutOfTheSpanAndWordsNeedBoundaries() {
        String text = "Mrs. Quartermaine called; Orrinsville and A10495887X are not ids.";
        List<PhiSpan> spans = CHART.detect(text);
        assertTrue(spans.stream().anyMatch(p -> text.substring(p.start(), p.end()).equals("Quartermaine")));
        assertFalse(spans.stream().anyMatch(p -> text.substring(p.start(), p.end()).startsWith("Mrs")));
        assertFalse(spans.stream().anyMatch(p -> p.start() >= text.indexOf("Orrinsville")));
    }

    @Test
    void numberInsideLongerNumberIsNotMatched() {
        String text = "Lot 617-555-01439 dispensed.";
        assertTrue(CHART.detect(text).stream().noneMatch(p -> p.type() == PhiType.PHONE
                && text.substring(p.start(), p.end()).contains("0143")));
    }

    @Test
    void matchReportsTheChartEntryEachFormCameFrom() {
        ChartIdentifier john = new ChartIdentifier(PhiType.NAME, "John Smith");
        ChartIdentifier mrn = new ChartIdentifier(PhiType.MRN, "A104-958-87");
        ChartIdentifier dob = new ChartIdentifier(PhiType.DATE, "1984-03-07");
        ChartIdentifier phone = new ChartIdentifier(PhiType.PHONE, "617-555-0143");
        ChartDictionaryRecognizer chart = ChartDictionaryRecognizer.of(List.of(john, mrn, dob, phone));
        String text = "Mr. Smith (MRN A10495887, DOB March 7, 1984) called from 617.555.0143; John Smith agrees.";

        List<ChartMatch> matches = chart.match(text);

        assertEquals(List.of("Smith", "A10495887", "March 7, 1984", "617.555.0143", "John Smith"),
                matches.stream().map(m -> text.substring(m.start(), m.end())).toList());
        assertSame(john, matches.get(0).source());
        assertSame(mrn, matches.get(1).source());
        assertSame(dob, matches.get(2).source());
        assertSame(phone, matches.get(3).source());
        assertSame(john, matches.get(4).source());
        assertEquals(PhiType.DATE, matches.get(2).type());
    }

    @Test
    void matchesNeverOverlapAndTheLongestFormWins() {
        ChartIdentifier janet = new ChartIdentifier(PhiType.NAME, "Janet M. Baker");
        ChartIdentifier louis = new ChartIdentifier(PhiType.NAME, "Louis Baker");
        ChartDictionaryRecognizer chart = ChartDictionaryRecognizer.of(List.of(janet, louis));
        String text = "Baker, Janet M. seen with Louis Baker; Baker to call back.";

        List<ChartMatch> matches = chart.match(text);

        for (int i = 1; i < matches.size(); i++) {
            assertTrue(matches.get(i - 1).end() <= matches.get(i).start(), matches::toString);
        }
        assertEquals("Baker, Janet M.", text.substring(matches.get(0).start(), matches.get(0).end()));
        assertSame(janet, matches.get(0).source());
        assertEquals("Louis Baker", text.substring(matches.get(1).start(), matches.get(1).end()));
        assertSame(louis, matches.get(1).source());
        // a shared surname is attributed to the entry given first
        assertEquals("Baker", text.substring(matches.get(2).start(), matches.get(2).end()));
        assertSame(janet, matches.get(2).source());
    }

    @Test
    void generatesManyDateForms() {
        List<String> forms = ChartDictionaryRecognizer.dateForms(LocalDate.of(2001, 9, 2));
        assertTrue(forms.containsAll(List.of("2001-09-02", "9/2/01", "Sept 2nd", "2 September 2001", "September 2, 2001")));
    }
}
