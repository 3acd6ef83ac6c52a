package org.signet.tokenization.detect;

/**
 * Characters a reader does not see but that split or reorder what they do see: zero-width spaces and joiners, the
 * soft hyphen, word joiners and invisible operators, byte-order marks, bidi embeddings, overrides, isolates and
 * marks, variation selectors and tag characters. Detection reads through them ({@link FoldedText}); text shown to a
 * clinician or filed in the chart has them removed ({@link #remove}), so what is read is what is stored.
 */
public final class Invisibles {

    private Invisibles() {}

    public static boolean isInvisible(int cp) {
        return cp == 0x00AD                       // soft hyphen
                || cp == 0x034F                   // combining grapheme joiner
                || cp == 0x061C                   // Arabic letter mark
                || cp == 0x115F || cp == 0x1160   // Hangul fillers
                || cp == 0x17B4 || cp == 0x17B5   // Khmer inherent vowels
                || cp == 0x180E                   // Mongolian vowel separator
                || cp >= 0x200B && cp <= 0x200F   // zero-width space, non-joiner, joiner; LRM, RLM
                || cp >= 0x202A && cp <= 0x202E   // bidi embeddings and overrides, PDF
                || cp >= 0x2060 && cp <= 0x2064   // word joiner, invisible operators
                || cp >= 0x2066 && cp <= 0x206F   // bidi isolates; deprecated format chars
                || cp == 0x3164 || cp == 0xFFA0   // Hangul fillers
                || cp >= 0xFE00 && cp <= 0xFE0F   // variation selectors
                || cp == 0xFEFF                   // zero-width no-break space (BOM)
                || cp >= 0xFFF0 && cp <= 0xFFF8   // unassigned specials
                || cp >= 0x1D173 && cp <= 0x1D17A // musical format chars
                || cp >= 0xE0000 && cp <= 0xE007F // tag characters
                || cp >= 0xE0100 && cp <= 0xE01EF; // variation selectors supplement
    }

    /** Bidi embeddings, overrides and isolates: they change the order in which the chars around them are shown. */
    public static boolean isBidiControl(int cp) {
        return cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }

    /** {@code text} without its invisible characters, and how many there were. */
    public static Removed remove(String text) {
        int first = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0xAD && isInvisible(text.codePointAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return new Removed(text, 0, 0);
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, first);
        int invisible = 0;
        int bidi = 0;
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isInvisible(cp)) {
                invisible++;
                if (isBidiControl(cp)) {
                    bidi++;
                }
            } else {
                out.appendCodePoint(cp);
            }
        }
        return new Removed(out.toString(), invisible, bidi);
    }

    /**
     * @param text      the text without them
     * @param removed   how many invisible characters were removed
     * @param bidi      how many of those were bidi embeddings, overrides or isolates
     */
    public record Removed(String text, int removed, int bidi) {}
}
