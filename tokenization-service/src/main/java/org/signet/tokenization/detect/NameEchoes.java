package org.signet.tokenization.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A name found once in a text is a name wherever else the text writes it: "Frank Turner" in the header makes the
 * "Frank" of "S: Frank reports" a name, and "Mr. Nicholson" makes a later bare "nicholson" one. Only words of
 * confident name spans echo, and never a word that is only an ordinary word of English.
 */
final class NameEchoes {

    /** Spans at least this sure of being a name lend their words to the rest of the text. */
    private static final double SOURCE_CONFIDENCE = 0.6;
    private static final double ECHO_CONFIDENCE = 0.55;

    private NameEchoes() {
    }

    static void add(TextScan scan, List<PhiSpan> spans) {
        Map<String, Integer> names = null;
        String text = scan.text;
        for (PhiSpan s : spans) {
            if (s.type() != PhiType.NAME || s.confidence() < SOURCE_CONFIDENCE) {
                continue;
            }
            int p = s.start();
            while (p < s.end()) {
                while (p < s.end() && !Character.isLetter(text.charAt(p))) {
                    p++;
                }
                int e = p;
                while (e < s.end() && (Character.isLetter(text.charAt(e)) || text.charAt(e) == '\''
                        || text.charAt(e) == '-')) {
                    e++;
                }
                if (e - p >= 3 && echoes(Vocabulary.bits(text, p, e))) {
                    if (names == null) {
                        names = new HashMap<>();
                    }
                    names.put(text.substring(p, e).toLowerCase(java.util.Locale.ROOT), 1);
                }
                p = e;
            }
        }
        if (names == null) {
            return;
        }
        WordTable table = new WordTable(names);
        for (int k = 0; k < scan.words; k++) {
            int s = scan.wordStart[k];
            int e = scan.wordEnd[k];
            if (table.get(text, s, e) != 0) {
                spans.add(new PhiSpan(PhiType.NAME, s, e, "name-echo", ECHO_CONFIDENCE));
            }
        }
    }

    private static boolean echoes(int bits) {
        if ((bits & Vocabulary.FUNCTION) != 0) {
            return false;
        }
        return (bits & Vocabulary.WORD) == 0 || (bits & (Vocabulary.GIVEN | Vocabulary.SURNAME)) != 0;
    }
}
