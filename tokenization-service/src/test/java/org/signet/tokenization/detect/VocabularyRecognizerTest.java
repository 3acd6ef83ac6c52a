package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vocabulary layer on its own, and through the whole detector: names and places found by what English does not
 * know, in capitals and in lower case, and the ordinary words, ward shorthand and misspellings it must leave alone.
 * The names here are made up for the test.
 */
class VocabularyRecognizerTest {

    private static final PhiDetector DETECTOR = PhiDetector.defaults();

    /** text | the identifier the vocabulary layer alone must cover | its type */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        // after a title, in any case, when the word is no ordinary word
        "K 5.9, DR ZWOLINSKI AWARE AND REPEATED. | ZWOLINSKI | NAME",
        "dr. fenwarth aware, did not obtain urine. | fenwarth | NAME",
        "Dr. Pilsudka and Vorhees aware. | Vorhees | NAME",
        // after a relation, or a clinician's credential
        "communication with husband tadeusz. | tadeusz | NAME",
        "BP DID DROP. NP KRALEVICH MADE AWARE. | KRALEVICH | NAME",
        "SOCIAL: MARGIT OSTROWSKA (DAUGHTER) IS SPOKESPERSON. | MARGIT OSTROWSKA | NAME",
        // a line that signs the note
        "ALL IS WELL AT THIS TIME.\\n R. PELLEGRINO-HAAS, RRT | R. PELLEGRINO-HAAS | NAME",
        "ALL IS WELL AT THIS TIME. Q. BRIDGER RRT | Q. BRIDGER | NAME",
        "resides at rehab.\\n\\nmarta kowalczyk, rn | marta kowalczyk | NAME",
        // on an English name list and no ordinary word, in capitals or lower case
        "TELEPHONE UPDATE TO MRS NICHOLSON X2. | NICHOLSON | NAME",
        "pt alert. theresa voskuijlen from speech in to see. | theresa voskuijlen | NAME",
        // places: a WordNet place no dictionary calls a word, a known hospital's words, a ward with its number
        "SON LIVES IN ANNAPOLIS WITH FAMILY. | ANNAPOLIS | CITY",
        "pt slated to go to rehab (holy cross) today. | holy cross | ORGANIZATION",
        "found unresponsive on Bramwellton 6 this morning. | Bramwellton | ORGANIZATION",
        // after a verb of going or being seen somewhere
        "PT TRANSFERRED TO KMH FOR EMERGENT CATH. | KMH | ORGANIZATION",
        "transfer to ravensholt 2 in the morning. | ravensholt | ORGANIZATION",
        "Case reviewed by Dr. Lee at Westbury Pines Medical. | Westbury Pines Medical | ORGANIZATION",
    })
    void findsWhatEnglishDoesNotKnow(String text, String phi, PhiType type) {
        String t = text.replace("\\n", "\n");
        List<PhiSpan> spans = VocabularyRecognizer.INSTANCE.detect(t);
        int start = t.indexOf(phi);
        assertTrue(spans.stream().anyMatch(s -> s.start() <= start && s.end() >= start + phi.length()),
                () -> "not covered: '" + phi + "' in " + describe(t, spans));
        assertTrue(spans.stream().anyMatch(s -> s.type() == type && s.start() <= start + phi.length()
                && s.end() >= start), () -> "wrong type for '" + phi + "': " + describe(t, spans));
    }

    /** Text the vocabulary layer must leave alone: ordinary words in capitals, ward shorthand, misspellings. */
    @ParameterizedTest
    @ValueSource(strings = {
        "PT WILL HAND OVER TO NIGHT RN. MIN UO 30CC/HR, MAX 60.",
        "TRANSFERRED TO MICU FROM OSH FOR CATH.",
        "Admitted to ICU overnight; transfer to floor tomorrow.",
        "pt tachypnic 30 and febrile, preesure 90/50.",
        "DR AWARE. MD NOTIFIED AND CALLED.",
        "husband called and will visit tomorrow.",
        "LASIX 40 MG IV GIVEN, SEE FLOWSHEET.",
        "Seen by Cardiology Associates. Internal Medicine Services consulted.",
    })
    void leavesOrdinaryWordsAndShorthandAlone(String text) {
        List<PhiSpan> spans = VocabularyRecognizer.INSTANCE.detect(text);
        assertEquals(List.of(), spans, () -> describe(text, spans));
    }

    /** The whole detector: a name found once is a name wherever the text writes it again. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Patient: Orla Brennick  MRN 4411\\nS: Orla reports fatigue. | Orla",
        "Mr. Ashgrove resting. Later ashgrove asked for water. | ashgrove",
    })
    void aNameEchoesThroughItsText(String text, String echo) {
        String t = text.replace("\\n", "\n");
        List<PhiSpan> spans = DETECTOR.detect(t);
        int at = t.lastIndexOf(echo);
        assertTrue(spans.stream().anyMatch(s -> s.type() == PhiType.NAME && s.start() <= at && s.end() > at),
                () -> "echo not covered: " + describe(t, spans));
    }

    private static String describe(String text, List<PhiSpan> spans) {
        return spans.stream().map(s -> s.type() + ":'" + text.substring(s.start(), s.end()) + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
