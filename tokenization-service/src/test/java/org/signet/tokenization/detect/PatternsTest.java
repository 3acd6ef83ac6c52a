package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PatternsTest {

    private static final List<String> WORDS = List.of("Hospitals?", "Medical\\s+Cent(?:er|re)", "Health\\s+Care",
            "Clinic", "Clinics", "Health", "Co\\.", "Corp\\.?", "Labs?", "#", "%", "/min", "9th");

    @Test
    void groupedAlternationMatchesWhatThePlainOneMatches() {
        String text = "Milford Hospitals, Health Care, Healthcare, Medical  Centre, Clinics, Clinic, Co. Corp Lab Labs "
                + "# 10% /min 9th HOSPITAL clinic hEALTH care";
        for (boolean ignoreCase : new boolean[] {false, true}) {
            int flags = ignoreCase ? Pattern.CASE_INSENSITIVE : 0;
            Matcher plain = Pattern.compile("(?:" + String.join("|", WORDS) + ")\\b", flags).matcher(text);
            Matcher grouped = Pattern.compile(Patterns.alternation(WORDS, ignoreCase) + "\\b", flags).matcher(text);
            for (int i = 0; i < text.length(); i++) {
                boolean p = plain.region(i, text.length()).lookingAt();
                assertEquals(p, grouped.region(i, text.length()).lookingAt(), "at " + i);
                if (p) {
                    assertEquals(plain.end(), grouped.end(), "at " + i);
                }
            }
        }
    }

    @Test
    void groupsKeepTheOrderOfTheirAlternatives() {
        assertEquals("(?:H(?:ospitals?|ealth)|C(?:linic|o\\.))",
                Patterns.alternation(List.of("Hospitals?", "Clinic", "Health", "Co\\."), false));
        assertEquals("(?:m(?:g|cg|l)|g(?:))", Patterns.alternation("mg|mcg|g|ml", true));
    }

    @Test
    void alternativesMustStartWithALiteralChar() {
        assertThrows(IllegalArgumentException.class, () -> Patterns.alternation(List.of("(?:St)reet"), false));
        assertThrows(IllegalArgumentException.class, () -> Patterns.alternation(List.of("a?b"), false));
        assertThrows(IllegalArgumentException.class, () -> Patterns.alternation(List.of("\\d+"), false));
        assertThrows(IllegalArgumentException.class, () -> Patterns.alternation(List.of(""), false));
    }
}
