package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The words that belong to an identifier as written join its span: a title, a possessive, the state after a place,
 * a place after "in". The names and places here are made up for the test.
 */
class SpanEdgesTest {

    private static final PhiDetector DETECTOR = PhiDetector.defaults();

    /** text | the whole identifier one span must cover */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "case reviewed by Dr. Emberly Quist at our office. | Dr. Emberly Quist",
        "Mgnt of COPD in pt, Mr. W., who was admitted | Mr. W.",
        "was admitted to St. Ansel’s on April 21st. | St. Ansel’s",
        "a 54-year-old residing in Quillhaven, CT, diagnosed in May. | Quillhaven, CT",
        "seen at Brindlewood Clinic in Ravensholt, MN on July 20th. | Brindlewood Clinic in Ravensholt, MN",
        "referred by Dr. Lee from Memorial Clinic on 03/04/2022. | Memorial Clinic",
        "referred to Dr. T. in Ravensholt Children's Hospital last December? | December",
    })
    void coversTheIdentifierAsWritten(String text, String phi) {
        List<PhiSpan> spans = DETECTOR.detect(text);
        int start = text.indexOf(phi);
        assertTrue(spans.stream().anyMatch(s -> s.start() <= start && s.end() >= start + phi.length()),
                () -> "not covered whole: '" + phi + "' in " + describe(text, spans));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // a credential after a name is no state; a state alone stays
        "Signed: Orla Brennick, MD | Orla Brennick",
        "Lives with family in TX; seen by Dr. Quist today. | Dr. Quist",
    })
    void leavesCredentialsAndLoneStatesOut(String text, String only) {
        List<PhiSpan> spans = DETECTOR.detect(text);
        assertEquals(List.of(only), spans.stream().map(s -> text.substring(s.start(), s.end())).toList(),
                () -> describe(text, spans));
    }

    private static String describe(String text, List<PhiSpan> spans) {
        return spans.stream().map(s -> s.type() + ":'" + text.substring(s.start(), s.end()) + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
