package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A range lookup must answer what a lookup of the copied, lower-cased range would. */
class WordTableTest {

    private static final Map<String, Integer> WORDS = new LinkedHashMap<>();

    static {
        List<String> words = List.of("baker", "o'brien", "mary-jo", "pa-c", "née", "fiancé", "kaiser", "i\u0307stanbul",
                "new york", "st. louis", "md", "a");
        for (int i = 0; i < words.size(); i++) {
            WORDS.put(words.get(i), 1 << i);
        }
    }

    private final WordTable table = new WordTable(WORDS);

    @Test
    void rangesAreLookedUpAsIfCopiedAndLowerCased() {
        // every range up to 12 chars, including the Kelvin sign (lower-cases to ASCII "k") and "İ" (to two chars)
        String text = "Baker BAKER baker O'Brien MARY-JO Pa-C Née FIANCÉ \u212Aaiser \u0130stanbul New York St. Louis MD A"
                + " Bakers Bake née_ x";
        for (int i = 0; i <= text.length(); i++) {
            for (int j = i; j <= Math.min(text.length(), i + 12); j++) {
                String lower = text.substring(i, j).toLowerCase(Locale.ROOT);
                assertEquals(WORDS.getOrDefault(lower, 0), table.get(text, i, j), "[" + text.substring(i, j) + "]");
            }
        }
    }

    @Test
    void lowerCaseWordsAndSetsLookUpDirectly() {
        assertEquals(WORDS.get("fiancé"), table.get("fiancé"));
        assertEquals(0, table.get("Baker"), "the one-argument form expects lower case");
        assertEquals(1, WordTable.of(List.of("dayton", "new york")).get("in New York.", 3, 11));
        assertEquals(0, WordTable.of(List.of("dayton")).get("in New York.", 3, 11));
    }
}
