package org.signet.signoff.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordEditsTest {

    @Test
    void anUnchangedNoteHasDistanceAndRatioZero() {
        var r = WordEdits.compare("Subjective: headache [[PATIENT_NAME_1]]", " Subjective:  headache\n[[PATIENT_NAME_1]] ");
        assertEquals(0, r.distance());
        assertEquals(0.0, r.ratio());
        assertEquals(3, r.draftWords());
    }

    @Test
    void substitutionsInsertionsAndDeletionsCountWholeWords() {
        assertEquals(1, WordEdits.compare("start lisinopril 10 mg", "start lisinopril 20 mg").distance());
        assertEquals(2, WordEdits.compare("a b c", "a x b c d").distance());
        assertEquals(3, WordEdits.compare("a b c", "").distance());
        assertEquals(2, WordEdits.compare("kitten sat on mat", "sitting sat mat").distance());
    }

    @Test
    void theRatioIsOverTheLongerText() {
        assertEquals(0.25, WordEdits.compare("a b c d", "a b c x").ratio());
        assertEquals(1.0, WordEdits.compare("a b", "c d e f").ratio());
        assertEquals(0.0, WordEdits.compare("", "").ratio());
    }

    @Test
    void theContentHashIsHexSha256OfUtf8() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentHash.sha256Hex(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.sha256Hex("abc"));
    }
}
