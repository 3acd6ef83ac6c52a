package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.signet.lexicon.LexiconBits;

/** The lexicon built from WordNet, LanguageTool and datafaker is on the class path and says what it should. */
class VocabularyTest {

    private static int bits(String word) {
        return Vocabulary.bits(word, 0, word.length());
    }

    @Test
    void knowsWordsNamesPlacesAndShorthand() {
        assertTrue((bits("the") & LexiconBits.FUNCTION) != 0, "a closed-class word");
        assertTrue((bits("aware") & LexiconBits.WORD) != 0 && (bits("aware") & LexiconBits.VERBAL) != 0);
        assertTrue((bits("Tucson") & LexiconBits.PLACE) != 0, "a WordNet place, whatever its case");
        assertTrue((bits("TUCSON") & LexiconBits.PLACE) != 0);
        assertTrue((bits("ICU") & LexiconBits.ACRONYM) != 0);
        assertTrue((bits("gwendolyn") & LexiconBits.GIVEN) != 0);
        assertTrue((bits("cormier") & LexiconBits.SURNAME) != 0);
        assertEquals(0, bits("qzxvbnwq"), "a word no source knows");
        assertTrue((Vocabulary.PHRASES.get("st vincent") & LexiconBits.HOSPITAL) != 0, "a hospital's own words");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hypotensve", "medicaton", "recieved", "seperate", "pump's"})
    void aMisspellingOrPossessiveIsNearAWord(String word) {
        assertEquals(0, bits(word) & LexiconBits.WORD, word + " is itself no word");
        assertTrue(Vocabulary.nearWord(word, 0, word.length()), word);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zwolinski", "Bramwellton", "Pellegrino-Haas"})
    void aNameIsNotNearAWord(String word) {
        assertFalse(Vocabulary.nearWord(word, 0, word.length()), word);
    }

    @Test
    void packedTableLooksUpRangesCaseInsensitively() {
        Map<String, Integer> words = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            words.put("word" + i, i + 1);
        }
        words.put("née", 7);
        PackedWordTable table = new PackedWordTable(words);
        assertEquals(1235, table.get("xx WORD1234 yy", 3, 11));
        assertEquals(7, table.get("Née", 0, 3));
        assertEquals(0, table.get("word5000", 0, 8));
        assertEquals(0, table.get("wor", 0, 3));
        char[] buf = "word42".toCharArray();
        assertEquals(43, table.get(buf, buf.length));
    }
}
