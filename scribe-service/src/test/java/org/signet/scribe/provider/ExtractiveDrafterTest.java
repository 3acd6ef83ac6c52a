package org.signet.scribe.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.Prompt;
import org.signet.scribe.prompt.PromptRenderer;
import org.signet.scribe.prompt.PromptTemplate;

class ExtractiveDrafterTest {

    private static final PromptTemplate SOAP = new PromptTemplate("progress-note-soap", 1, "11506-3",
            "Progress note", List.of("Subjective", "Objective", "Assessment", "Plan"), "s", List.of("r"));

    @Test
    void sentencesLandInTheirSectionsWithChartFactsAndTokensKept() {
        ClinicalContext context = new ClinicalContext("[[PATIENT_NAME_1]]", "Female", "58", "Office visit",
                List.of("Hypertension"), List.of("Lisinopril 10 mg"), List.of(),
                List.of("Systolic blood pressure: 142 mmHg (on the day of this encounter)"), List.of(), List.of());
        String transcript = """
                Doctor: How are you feeling?
                Patient: I have had headaches since [[DATE_1]].
                Doctor: On exam the lungs are clear.
                Doctor: This is likely uncontrolled hypertension.
                Doctor: We will increase lisinopril and follow up in two weeks.
                """;
        Prompt prompt = new PromptRenderer().render(SOAP, context, transcript);
        ModelOutput out = new ExtractiveDrafter().draft(null, prompt, context, transcript);
        String note = out.text();
        assertFalse(out.aiGenerated());
        assertTrue(note.indexOf("headaches since [[DATE_1]]") < note.indexOf("Objective"), note);
        assertTrue(note.indexOf("lungs are clear") > note.indexOf("Objective")
                && note.indexOf("lungs are clear") < note.indexOf("Assessment"), note);
        assertTrue(note.contains("142 mmHg"), note);
        assertTrue(note.indexOf("likely uncontrolled") > note.indexOf("Assessment"), note);
        assertTrue(note.indexOf("follow up in two weeks") > note.indexOf("Plan"), note);
        assertFalse(note.contains("How are you feeling"), "questions are not findings");
        assertEquals(note, new ExtractiveDrafter().draft(null, prompt, context, transcript).text(), "deterministic");
    }
}
