package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartDigitRunsTest {

    private final ChartIdentifier phone = new ChartIdentifier(PhiType.PHONE, "(555) 711-0122");
    private final ChartIdentifier mrn = new ChartIdentifier(PhiType.MRN, "MRN-00482913");
    private final ChartDigitRuns runs = new ChartDigitRuns(List.of(phone, mrn,
            new ChartIdentifier(PhiType.NAME, "Ann Lee"), new ChartIdentifier(PhiType.MRN, "12345")));

    @Test
    void chartNumbersAreFoundHoweverTheyAreSpaced() {
        String text = "call 555 7110122 or 5 5 5-7 1 1-0 1 2 2; record 00482913.";
        List<ChartMatch> found = runs.match(text);
        assertEquals(3, found.size(), found.toString());
        assertEquals("555 7110122", text.substring(found.get(0).start(), found.get(0).end()));
        assertEquals(phone, found.get(0).source());
        assertEquals("5 5 5-7 1 1-0 1 2 2", text.substring(found.get(1).start(), found.get(1).end()));
        assertEquals(mrn, found.get(2).source());
    }

    @Test
    void digitsSeparatedByWordsOrShortIdentifiersDoNotCount() {
        assertTrue(runs.match("BP 555 then pulse 7110122 later").isEmpty());
        assertTrue(runs.match("dose 12345 mg").isEmpty(), "identifiers under six digits are left to the dictionary");
    }
}
