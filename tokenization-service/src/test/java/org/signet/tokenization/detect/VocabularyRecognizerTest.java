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
        "K 5.1, DR ZWOLINSKI AWARE. | ZWOLINSKI | NAME",
        "dr. fenwarth aware of the cultures. | fenwarth | NAME",
        "Dr. Pilsudka and Vorhees aware. | Vorhees | NAME",
        // after a relation, or a clinician's credential
        "spoke with husband tadeusz by phone. | tadeusz | NAME",
        "BP 88/40. NP KRALEVICH NOTIFIED. | KRALEVICH | NAME",
        "SOCIAL: MARGIT OSTROWSKA (DAUGHTER) CALLED TWICE. | MARGIT OSTROWSKA | NAME",
        // a line that signs the note
        "SX FOR THICK SPUTUM.\\n R. PELLEGRINO-HAAS, RRT | R. PELLEGRINO-HAAS | NAME",
        "RESTING QUIETLY. Q. BRIDGER RRT | Q. BRIDGER | NAME",
        "family updated.\\n\\nmarta kowalczyk, rn | marta kowalczyk | NAME",
        // on an English name list and no ordinary word, in capitals or lower case, near what is said of people
        "PLAN REVIEWED WITH CORMIER AT BEDSIDE. | CORMIER | NAME",
        "RUN OF VT, CORMIER AWARE. | CORMIER | NAME",
        "KEEP HALVORSEN FAMILY AWARE OF PLAN. | HALVORSEN | NAME",
        // after Mrs. or Mr., any word; after an initial, a name-list word or a capitalised word nothing knows
        "neuro: mrs. lantern arrived from cath lab alert. | lantern | NAME",
        "site oozing, seen by E. Quillfeather and dressed. | E. Quillfeather | NAME",
        "TRIPLE LUMEN PLACED BY C. GWENDOLYN AT 2PM. | C. GWENDOLYN | NAME",
        "pt alert. gwendolyn voskuijlen from pt in to see. | gwendolyn voskuijlen | NAME",
        // places: a WordNet place no dictionary calls a word, a known hospital's words, a ward with its number
        "DAUGHTER IS IN FREDERICKSBURG THIS WEEK. | FREDERICKSBURG | CITY",
        "pt has a bed at st vincent rehab monday. | st vincent | ORGANIZATION",
        "bed ready on Bramwellton 6 tonight. | Bramwellton | ORGANIZATION",
        // after a verb of going or being seen somewhere
        "PT TRANSFERRED TO KMH LAST NIGHT. | KMH | ORGANIZATION",
        "plan transfer to ravensholt 2 if stable. | ravensholt | ORGANIZATION",
        "ASYSTOLIC ON RAVENSHOLT 6. DIFFICULT TO BAG. | RAVENSHOLT | ORGANIZATION",
        // a hospital's acronym (ending in H, MC, HC) after a cue, misspelt cues, a ward or team before "at"
        "pt tx to bvh cath lab for ptca. | bvh | ORGANIZATION",
        "PT WAS TRANSFERED TO BVH FOR CATH. | BVH | ORGANIZATION",
        "SENT TO ED AT BVH YESTERDAY. | BVH | ORGANIZATION",
        "ptca this pm.\\n to bvh cath lab- unsuccessful. | bvh | ORGANIZATION",
        "Per Ravensholt 3 RN, UO only 20cc. | Ravensholt | ORGANIZATION",
        "insulin drip following U Maryland scale. | U Maryland | ORGANIZATION",
        // ordinary words before a facility noun, after a cue; a naming facility word before another
        "TAKEN TO SILVER BIRCH REGIONAL WHERE TROPONIN POS. | SILVER BIRCH REGIONAL | ORGANIZATION",
        "was transfered from Memorial Infirmary on arrival. | Memorial Infirmary | ORGANIZATION",
        // where a person lives, a few words after the verb
        "SOCIAL: LIVES WITH SON AND FAMILY IN QUILLHAVEN. | QUILLHAVEN | ORGANIZATION",
        // a town of ordinary words after "lives ... in", ended by the clause
        "social: lives alone in silver spring, son nearby. | silver spring | CITY",
        "LIVES WITH WIFE IN GLEN BURNIE WITH 2 DOGS. | GLEN BURNIE | CITY",
        // a name, place or unknown word before a facility noun, and facility nouns after a known hospital's words
        "PT WAS AT WESTHAVEN REGIONAL FOR 3 DAYS. | WESTHAVEN REGIONAL | ORGANIZATION",
        "records from Hollisford Hospital are pending. | Hollisford Hospital | ORGANIZATION",
        "d/c to st vincent memorial at 4pm. | st vincent memorial | ORGANIZATION",
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
        "pt hypotensve 30 min after the medicaton 20 given.",
        "DR AWARE. MD NOTIFIED AND CALLED.",
        "husband called and will visit tomorrow.",
        "LASIX 40 MG IV GIVEN, SEE FLOWSHEET.",
        "Seen by Cardiology Associates. Internal Medicine Services consulted.",
        "CARDIAC REHAB CONSULTED. THE HOSPITAL CHAPLAIN VISITED.",
        "Children's Hospital policy reviewed with family.",
        // ward shorthand after a credential, "MS" for mental status, eponyms of the ward, states, vitals after "at"
        "FEW MOVEMENTS OF RT HAND. EPI WIRES DC'D BY MD PO LOPRESSOR STARTED.",
        "A: MS changes, ?etiology. MS STILL FAR FROM BASELINE.",
        "CO BY FICK 6.3, THERMODILUTION 5.1. WRAP WITH KLING.",
        "SON WENT BACK TO CALIFORNIA; LIVES WITH FAMILY IN TX.",
        "PT ARRIVED TO MICU AT 0130 ALERT AND ORIENTED. WENT INTO SVT, CHECKED AT MN.",
        "SEE CAREVUE FLOWSHEET. \n\nO. SEE CAREVUE FOR VS.",
        "treated with percocet 1 with some effect. METROGEL FOLLOWED BY XEROFOAM AND DSD.",
        "SOCIAL=DAUGHTER CALLED-UPDATE GIVEN. CATH SHOWS 4+ MR. PT HAS MRSA.",
        "am ms contin given. Pt. transported to nuclear med. for scan. K 3.1 at MN, at IV kcl.",
        "CV: AV paced, went into SVT 130's; going into ARF s/p cath. Transfered to the MCIU, then the NISICU.",
        "scattered ronchi at X's. At 8:30pm pt went to C-T scan. short term memory loss family has noted.",
        "ho CRI and an EF of 20%, rpt ABG's good.",
        "WILL DEFER PT F/U TODAY, WILL F/U IN NEXT 1-2 DAYS.",
        "lives alone in senior housing, son visits.",
        "LIVES IN ASSISTED LIVING WITH HUSBAND.",
        "pt living in chronic pain since fall.",
        "lives in constant fear of falling.",
        "a man who lives in zip code 20814 and smokes.",
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
