package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Streets written in lower case or capitals, as telegraphic notes write them, and the clinical words that look alike. */
class StreetInAnyCaseTest {

    private static final PhiDetector DETECTOR = PhiDetector.defaults();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dtr lives on seymour st in town. | seymour st",
        "lives at 12 seymour street with wife | 12 seymour street",
        "home on main st, near the park. | main st",
        "PT LIVES ON ELMWOOD AVE WITH SON. | ELMWOOD AVE",
        "HOUSE AT 47 ORCHARD HILL ROAD FLOODED | 47 ORCHARD HILL ROAD",
        "found on the corner of greenbriar lane. | greenbriar lane",
        "moved off old mill rd last year | old mill rd",
    })
    void findsTheStreet(String text, String street) {
        List<PhiSpan> spans = DETECTOR.detect(text);
        int at = text.indexOf(street);
        assertTrue(spans.stream().anyMatch(s -> s.type() == PhiType.ADDRESS && s.start() <= at
                && s.end() >= at + street.length()), () -> "not found: " + street + " in " + spans);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HR 110 ST, no ectopy noted.",
        "RHYTHM 100 SINUS ST WITH PACS.",
        "went on the road to recovery.",
        "pt on neo st 90s overnight.",
        "CT showed 2 enlarged ln in the neck.",
        "lives on his own, drives to the street corner.",
    })
    void leavesClinicalWordsAlone(String text) {
        List<PhiSpan> spans = DETECTOR.detect(text);
        assertTrue(spans.stream().noneMatch(s -> s.type() == PhiType.ADDRESS), () -> text + " -> " + spans);
    }
}
