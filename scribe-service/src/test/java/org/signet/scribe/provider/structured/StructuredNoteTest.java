package org.signet.scribe.provider.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.signet.contracts.DraftEvidence.ChartItem;
import org.signet.contracts.DraftEvidence.Sentence;
import org.signet.contracts.DraftEvidence.SourceRef;
import org.signet.scribe.prompt.ClinicalContext;

/** The template drafter: reported speech, sections by role, chart data where it belongs, every sentence linked. */
class StructuredNoteTest {

    static final List<String> SOAP = List.of("Subjective", "Objective", "Assessment", "Plan");
    static final ClinicalContext CONTEXT = new ClinicalContext("[[PATIENT_NAME_1]]", "Female", "58", "Office visit",
            List.of(new ChartItem("encounter:Encounter/e1", "encounter", "Encounter", "e1", "type",
                            "Office visit (reason: Cough)", "Office visit", null),
                    new ChartItem("problem:Condition/c1", "problem", "Condition", "c1", "code",
                            "Hypertension (since 5 years before this encounter)", "Hypertension", null),
                    new ChartItem("medication:MedicationRequest/m1", "medication", "MedicationRequest", "m1",
                            "medication", "Lisinopril 10 MG Oral Tablet", "Lisinopril 10 MG Oral Tablet", null),
                    new ChartItem("vital:Observation/o1", "vital", "Observation", "o1", "value",
                            "Blood Pressure: Systolic 142 mm[Hg] (on the day of this encounter)", "Blood Pressure",
                            null)));
    static final String VISIT = """
            Doctor: Good morning. What brings you in?
            Patient: I've had a dry cough for five days since [[DATE_1]].
            Patient: My ankles have been swelling.
            Doctor: Any chest pain?
            Patient: No.
            Doctor: Your lungs sound clear.
            Doctor: I think this is probably a viral infection.
            Doctor: Let's start a saline nasal spray and follow up in two weeks.
            Patient: Thank you.""";

    @Test
    void whatWasSaidBecomesReportedSpeechInItsSectionAndChartDataGoesWhereItBelongs() {
        StructuredNote.Draft draft = StructuredNote.draft(SOAP, CONTEXT, VISIT);
        String note = draft.text();
        int subjective = note.indexOf("Subjective");
        int objective = note.indexOf("Objective");
        int assessment = note.indexOf("Assessment");
        int plan = note.indexOf("Plan");
        assertTrue(subjective == 0 && subjective < objective && objective < assessment && assessment < plan, note);
        assertTrue(note.contains("Reports a dry cough for five days since [[DATE_1]]."), note);
        assertTrue(note.contains("Reports that their ankles have been swelling."), note);
        assertTrue(note.contains("Denies chest pain."), note);
        assertFalse(note.contains("I've") || note.contains("Thank you") || note.contains("Good morning"), note);
        assertTrue(between(note, "Lungs sound clear.", objective, assessment), note);
        assertTrue(between(note, "Vital sign: Blood Pressure", objective, assessment), note);
        assertTrue(between(note, "Impression: this is probably a viral infection.", assessment, plan), note);
        assertTrue(between(note, "Active problem: Hypertension", assessment, plan), note);
        assertTrue(between(note, "Active medication: Lisinopril", subjective, objective), note);
        assertTrue(note.indexOf("Start a saline nasal spray and follow up in two weeks.") > plan, note);
    }

    @Test
    void everySentenceIsLinkedToWhatItWasBuiltFromAndCheckedByTheAligner() {
        StructuredNote.Draft draft = StructuredNote.draft(SOAP, CONTEXT, VISIT);
        assertTrue(draft.evidence().size() >= 9, draft.evidence().toString());
        for (Sentence s : draft.evidence()) {
            String sentence = draft.text().substring(s.start(), s.end());
            assertFalse(s.sources().isEmpty(), sentence);
            assertTrue(s.supported(), "unsupported: " + sentence + " " + s);
            for (SourceRef r : s.sources()) {
                if (SourceRef.TRANSCRIPT.equals(r.type())) {
                    assertTrue(r.start() >= 0 && r.end() <= VISIT.length() && r.start() < r.end());
                }
            }
        }
        Sentence denial = draft.evidence().stream().filter(s -> draft.text().substring(s.start(), s.end())
                .startsWith("Denies")).findFirst().orElseThrow();
        assertTrue(VISIT.substring(denial.sources().get(0).start(), denial.sources().get(0).end())
                .contains("Any chest pain?"));
    }

    @Test
    void anEmptyVisitStillGivesTheChartAndSaysWhatWasNotDiscussed() {
        StructuredNote.Draft draft = StructuredNote.draft(SOAP, CONTEXT, "");
        assertTrue(draft.text().contains("Plan\nNot discussed."), draft.text());
        assertEquals(draft.evidence().stream().filter(Sentence::supported).count(), draft.evidence().size());
    }

    @Test
    void reportedSpeechKeepsThePatientsWordsInTheThirdPerson() {
        assertEquals("Reports taking metformin twice a day.", ReportedSpeech.patient("I'm taking metformin twice a day."));
        assertEquals("Denies fever.", ReportedSpeech.patient("No, I haven't had any fever."));
        assertEquals("Reports no longer taking the ibuprofen.", ReportedSpeech.patient("I'm not taking the ibuprofen."));
        assertEquals("Reports feeling tired all the time.", ReportedSpeech.patient("Um, I feel tired all the time."));
        assertEquals("Reports an allergy to penicillin.", ReportedSpeech.patient("I'm allergic to penicillin."));
        assertEquals("Order a chest x-ray.", ReportedSpeech.plan("I'll order a chest x-ray."));
        assertEquals("Check the patient's A1c.", ReportedSpeech.plan("We should check your A1c."));
    }

    private static boolean between(String note, String text, int from, int to) {
        int at = note.indexOf(text);
        return at > from && at < to;
    }

    @Test
    void whatTheClinicianSaysOfADrugOrTestIsKeptWithThePlan() {
        String visit = """
                Patient: I've had headaches for a week.
                Doctor: Acetaminophen is fine with your other medicines.
                Doctor: The mammogram last year was normal, by the way.""";
        String note = StructuredNote.draft(SOAP, CONTEXT, visit).text();
        int plan = note.indexOf("Plan");
        assertTrue(note.indexOf("Acetaminophen is fine with the patient's other medicines.") > plan, note);
        assertTrue(note.contains("mammogram"), note);
    }
}
