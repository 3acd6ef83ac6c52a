package org.signet.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.signet.contracts.DraftEvidence.ChartItem;
import org.signet.contracts.DraftEvidence.Sentence;
import org.signet.contracts.DraftEvidence.SourceRef;

/** Sentences meet their sources by words, numbers, tokens and negation; headings are structure, not claims. */
class EvidenceAlignerTest {

    static final String VISIT = """
            Clinician: How long has the cough been going on?
            Patient: I've had a dry cough for about five days, and [[PATIENT_NAME_1]] noticed a fever.
            Clinician: Any chest pain?
            Patient: No.
            Clinician: Your blood pressure is 142 over 90 today.
            Clinician: Let's start amoxicillin 500 milligrams three times a day.""";
    static final List<ChartItem> CHART = List.of(
            new ChartItem("problem:Condition/c1", "problem", "Condition", "c1", "code",
                    "Hypertension (since 4 years before this encounter)", "Hypertension", null),
            new ChartItem("medication:MedicationRequest/m1", "medication", "MedicationRequest", "m1", "medication",
                    "Lisinopril 10 MG Oral Tablet", "Lisinopril 10 MG Oral Tablet", null));

    private final EvidenceAligner aligner = new EvidenceAligner(VISIT, TranscriptUnits.of(VISIT), CHART);

    private Sentence one(String sentence) {
        return aligner.alignSentence(sentence, 0, sentence.length());
    }

    @Test
    void reportedSpeechRestsOnThePatientsTurnAndSpelledNumbersMeetDigits() {
        Sentence s = one("Reports a dry cough for 5 days.");
        assertTrue(s.supported(), s.toString());
        SourceRef source = s.sources().get(0);
        assertEquals(SourceRef.TRANSCRIPT, source.type());
        assertTrue(VISIT.substring(source.start(), source.end()).contains("dry cough"));
    }

    @Test
    void aNumberOrTokenTheSourcesDoNotHoldIsUnsupported() {
        assertTrue(one("Blood pressure 142/90.").supported());
        assertFalse(one("Blood pressure 150/90.").supported(), "a changed value is not what was said");
        assertFalse(one("Start amoxicillin 875 mg three times a day.").supported());
        assertTrue(one("Start amoxicillin 500 mg three times a day.").supported(), "milligrams is mg");
        assertFalse(one("Dry cough noticed by [[PATIENT_NAME_2]].").supported(), "another token");
    }

    @Test
    void aDenialNeedsASourceThatSaysNoAndAnAffirmationOneThatDoesNot() {
        assertTrue(one("Denies chest pain.").supported(), "the question and its answer are one source");
        assertFalse(one("Reports chest pain.").supported());
        assertFalse(one("Denies a dry cough.").supported());
    }

    @Test
    void chartItemsSupportTheirLinesAndAbbreviationsCountAsTheirWords() {
        Sentence s = one("Known HTN.");
        assertTrue(s.supported(), s.toString());
        assertEquals("problem:Condition/c1", s.sources().get(0).item());
        assertTrue(one("Continue lisinopril 10 mg daily.").supported());
    }

    @Test
    void whatNothingSaidIsUnsupportedAndHeadingsAreNotClaims() {
        String note = "Subjective\nReports a dry cough for 5 days.\n\nAssessment\nLikely pulmonary embolism.\n"
                + "Not discussed.";
        List<Sentence> sentences = aligner.align(note, List.of("Subjective", "Objective", "Assessment", "Plan"));
        assertEquals(2, sentences.size(), sentences.toString());
        assertTrue(sentences.get(0).supported());
        assertFalse(sentences.get(1).supported());
        assertEquals("Likely pulmonary embolism.", note.substring(sentences.get(1).start(), sentences.get(1).end()));
    }
}
