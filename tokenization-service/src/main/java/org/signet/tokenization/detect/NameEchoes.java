package org.signet.tokenization.detect;

import java.util.List;
import org.signet.lexicon.LexiconBits;

/**
 * A name found once in a text is a name wherever else the text writes it: "Orla Brennick" in the header makes the
 * "Orla" of "S: Orla reports" a name, and "Mr. Ashgrove" makes a later bare "ashgrove" one. Only words of
 * confident name spans echo, and never a word that is only an ordinary word of English.
 */
final class NameEchoes {

    /** Spans at least this sure of being a name lend their words to the rest of the text. */
    private static final double SOURCE_CONFIDENCE = 0.7;
    private static final double ECHO_CONFIDENCE = 0.55;
    /** Up to this many name words, each text word is compared with each; beyond, they go in a hash table. */
    private static final int FEW = 4;

    private NameEchoes() {
    }

    static void add(TextScan scan, List<PhiSpan> spans) {
        String text = scan.text;
        // the name words, as [start, end) in the text: few, so each text word is compared with each directly
        int[] names = null;
        int count = 0;
        for (int k = 0, size = spans.size(); k < size; k++) {
            PhiSpan s = spans.get(k);
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
                        names = new int[8];
                    } else if (count * 2 == names.length) {
                        names = java.util.Arrays.copyOf(names, names.length * 2);
                    }
                    names[count * 2] = p;
                    names[count * 2 + 1] = e;
                    count++;
                }
                p = e;
            }
        }
        if (names == null) {
            return;
        }
        if (count > FEW) {
            // a long text with many names: one hash lookup per word instead of a comparison per name
            java.util.Map<String, Integer> set = new java.util.HashMap<>();
            for (int n = 0; n < count; n++) {
                set.put(text.substring(names[n * 2], names[n * 2 + 1]).toLowerCase(java.util.Locale.ROOT), 1);
            }
            WordTable table = new WordTable(set);
            for (int k = 0; k < scan.words; k++) {
                int s = scan.wordStart[k];
                int e = scan.wordEnd[k];
                if (e - s >= 3 && table.get(text, s, e) != 0) {
                    spans.add(new PhiSpan(PhiType.NAME, s, e, "name-echo", ECHO_CONFIDENCE));
                }
            }
            return;
        }
        for (int k = 0; k < scan.words; k++) {
            int s = scan.wordStart[k];
            int len = scan.wordEnd[k] - s;
            for (int n = 0; n < count; n++) {
                int ns = names[n * 2];
                if (names[n * 2 + 1] - ns == len && ns != s && text.regionMatches(true, s, text, ns, len)) {
                    spans.add(new PhiSpan(PhiType.NAME, s, s + len, "name-echo", ECHO_CONFIDENCE));
                    break;
                }
            }
        }
    }

    private static boolean echoes(int bits) {
        if ((bits & LexiconBits.FUNCTION) != 0) {
            return false;
        }
        return (bits & LexiconBits.WORD) == 0 || (bits & (LexiconBits.GIVEN | LexiconBits.SURNAME)) != 0;
    }
}
