package org.signet.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The vocabulary built from WordNet and datafaker at build time: kinds, categories, synonyms. */
class ClinicalTermsTest {

    @Test
    void termsHaveTheirKinds() {
        assertTrue(ClinicalTerms.size() > 5_000, "built from its sources: " + ClinicalTerms.size());
        assertNotEquals(0, ClinicalTerms.bits("lisinopril") & ClinicalTerms.MEDICATION);
        assertNotEquals(0, ClinicalTerms.bits("shortness of breath") & ClinicalTerms.PROBLEM);
        assertNotEquals(0, ClinicalTerms.bits("colonoscopy") & ClinicalTerms.PROCEDURE
                | ClinicalTerms.bits("mammogram") & ClinicalTerms.PROCEDURE);
        assertNotEquals(0, ClinicalTerms.bitsOrSingular("headaches") & ClinicalTerms.PROBLEM);
        assertNotEquals(0, ClinicalTerms.bits("cold") & ClinicalTerms.ORDINARY, "a word of other senses too");
        assertNotEquals(0, ClinicalTerms.bits("disease") & ClinicalTerms.CATEGORY);
        assertEquals(0, ClinicalTerms.bits("headache") & ClinicalTerms.CATEGORY);
    }

    @Test
    void synonymsComeFromTheSameSynset() {
        assertTrue(ClinicalTerms.synonyms("hypertension").contains("high blood pressure"),
                ClinicalTerms.synonyms("hypertension").toString());
        assertTrue(ClinicalTerms.synonyms("furosemide").contains("lasix"));
    }
}
