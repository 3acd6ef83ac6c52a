package org.signet.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.signet.contracts.DraftEvidence.ChartItem;
import org.signet.contracts.DraftEvidence.Fact;

/** What the encounter holds, with negation, and which of it a note leaves out. */
class OmissionCheckTest {

    static final String VISIT = """
            Clinician: What brings you in?
            Patient: I've been getting headaches, and I'm allergic to penicillin, it gives me hives.
            Patient: I take ibuprofen 400 mg when it's bad.
            Clinician: Any chest pain?
            Patient: No.
            Clinician: I haven't seen any swelling. Your temperature is 98.6 today.
            Clinician: Let's order a chest x-ray.""";
    static final List<ChartItem> CHART = List.of(
            new ChartItem("problem:Condition/c1", "problem", "Condition", "c1", "code",
                    "Essential hypertension (disorder) (since 4 years before this encounter)",
                    "Essential hypertension (disorder)", null),
            new ChartItem("medication:MedicationRequest/m1", "medication", "MedicationRequest", "m1", "medication",
                    "24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]",
                    "24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]", null),
            new ChartItem("vital:Observation/o1", "vital", "Observation", "o1", "value",
                    "Body Mass Index: 29.22 kg/m2 (on the day of this encounter)", "Body Mass Index", null),
            new ChartItem("lab:Observation/o2", "lab", "Observation", "o2", "value", "Glucose: 77 mg/dL", "Glucose",
                    null));

    private static List<Fact> facts() {
        return EncounterFacts.of(VISIT, TranscriptUnits.of(VISIT), CHART);
    }

    private static List<String> names(List<Fact> facts) {
        return facts.stream().map(f -> f.kind() + ":" + f.name() + (f.negated() ? " (negated)" : "")).toList();
    }

    @Test
    void theEncounterHoldsTheChartsActiveItemsAndWhatWasSaid() {
        List<String> found = names(facts());
        assertTrue(found.contains("problem:Essential hypertension (disorder)"), found.toString());
        assertTrue(found.contains("vital:Body Mass Index"), "labs are no omission kind: " + found);
        assertTrue(found.stream().noneMatch(f -> f.startsWith("lab")), found.toString());
        assertTrue(found.contains("problem:headaches"), found.toString());
        assertTrue(found.contains("allergy:penicillin"), found.toString());
        assertTrue(found.contains("medication:ibuprofen"), found.toString());
        assertTrue(found.contains("procedure:chest x-ray"), found.toString());
        assertTrue(found.contains("vital:temperature"), found.toString());
        assertTrue(found.contains("problem:chest pain (negated)"), found.toString());
        assertTrue(found.contains("problem:swelling (negated)"), found.toString());
        assertTrue(found.stream().noneMatch(f -> f.contains("hives")), "the reaction belongs to the allergy");
    }

    @Test
    void aNoteThatSaysEverythingLeavesNothingOpenInItsOwnWords() {
        String note = """
                Subjective
                Headaches. Allergic to PCN (hives). Takes ibuprofen 400 mg as needed. Denies chest pain.
                Objective
                Temp 98.6. BMI 29.2.
                Assessment
                HTN on Toprol XL.
                Plan
                CXR.""";
        List<Fact> open = OmissionCheck.open(note, facts(), CHART);
        assertEquals(List.of(), names(open));
    }

    @Test
    void whatTheNoteLeavesOutIsOpenAndDenialsNeverAre() {
        String note = "Headaches for a week. Temp 98.6. BMI 29.2. HTN. Plan: CXR.";
        List<String> open = names(OmissionCheck.open(note, facts(), CHART));
        assertEquals(List.of(
                "medication:24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]",
                "allergy:penicillin", "medication:ibuprofen"), open);
    }

    @Test
    void aMedicationIsNamedByAnyIngredientOrBrandAndAnotherFormOfTheWord() {
        Fact metoprolol = facts().stream().filter(f -> f.kind().equals("medication") && f.item() != null).findFirst()
                .orElseThrow();
        for (String said : List.of("on metoprolol", "Toprol XL daily", "metoprolol tartrate 50")) {
            assertTrue(OmissionCheck.open(said, List.of(metoprolol), CHART).isEmpty(), said);
        }
        assertEquals(1, OmissionCheck.open("on metformin", List.of(metoprolol), CHART).size());
    }

    @Test
    void aReactionToldAfterTheAllergyBelongsToItButALaterComplaintDoesNot() {
        String visit = """
                Clinician: Any allergies?
                Patient: I'm allergic to sulfa drugs.
                Clinician: What happens?
                Patient: I break out in hives.
                Clinician: Okay. How is the knee?
                Patient: Fine. But I've had a rash on my arm since Sunday.
                Patient: And I have a cough.""";
        List<String> found = names(EncounterFacts.of(visit, TranscriptUnits.of(visit), List.of()));
        assertTrue(found.contains("allergy:sulfa drugs"), found.toString());
        assertTrue(found.stream().noneMatch(f -> f.contains("hives")), found.toString());
        assertTrue(found.contains("problem:cough"), found.toString());
    }
}
