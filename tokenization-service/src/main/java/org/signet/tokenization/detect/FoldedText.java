package org.signet.tokenization.detect;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Bidi;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Arrays;
import java.util.List;

/**
 * A view of a text as a reader sees it, for matching identifiers that are disguised with Unicode tricks, with a map
 * from every char of the view back to the chars of the original it came from.
 *
 * <p>The view drops invisible characters ({@link Invisibles}: zero-width spaces and joiners, soft hyphens, word
 * joiners, bidi controls), applies NFKC per combining sequence (full-width and mathematical letters, ligatures,
 * non-breaking spaces), folds characters that look like ASCII letters into them (Cyrillic "а", Greek "Ο": Unicode's
 * confusable skeleton, taken only where it is one ASCII letter), any decimal digit into its ASCII digit, any dash
 * into {@code -}, and
 * drops combining marks that composed with nothing. So {@code Ant\u200Bonia} is seen as {@code Antonia}, and a
 * span found in the view maps back to the whole disguised original, invisible characters inside it included.
 *
 * <p>A text with a bidi override (U+202D, U+202E) has a second view in display order ({@link #views}): a name
 * stored reversed inside a right-to-left override shows as the real name, so it is matched as shown.
 *
 * <p>ASCII text (almost every transcript) is its own view: no copy and no map are made.
 */
public final class FoldedText {

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final SpoofChecker SKELETON = new SpoofChecker.Builder().build();
    /** Folded forms of BMP characters, computed on first sight (a skeleton lookup is slow, a text repeats chars). */
    private static final String[] BMP_FOLDS = new String[0x10000];

    private final String original;
    private final String text;
    /** For char i of the view: the original chars [from[i], to[i]) it came from; null when the view is the original. */
    private final int[] from;
    private final int[] to;

    private FoldedText(String original, String text, int[] from, int[] to) {
        this.original = original;
        this.text = text;
        this.from = from;
        this.to = to;
    }

    /** The reading-order view of {@code text}; the original itself when it is plain ASCII. */
    public static FoldedText of(String text) {
        if (isAscii(text)) {
            return new FoldedText(text, text, null, null);
        }
        int n = text.length();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return fold(text, order, true);
    }

    /**
     * The views a detector must read: the reading-order view, and for a text with bidi overrides also the display
     * order view. A span found in either, mapped back with {@link #toOriginal}, names original chars.
     */
    public static List<FoldedText> views(String text) {
        FoldedText reading = of(text);
        if (reading.isOriginal() || !hasBidiOverride(text)) {
            return List.of(reading);
        }
        return List.of(reading, fold(text, displayOrder(text), false));
    }

    /** The folded form alone, for building dictionaries and lookup keys that must agree with the views. */
    public static String fold(String text) {
        return of(text).text;
    }

    /** The text to match on. */
    public String text() {
        return text;
    }

    public String original() {
        return original;
    }

    /** Whether the view is the original text (nothing to fold). */
    public boolean isOriginal() {
        return from == null;
    }

    /** Original offsets [start, end) of the view's chars [start, end): the smallest range holding all of them. */
    public int[] toOriginal(int start, int end) {
        if (from == null) {
            return new int[] {start, end};
        }
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (int i = start; i < end; i++) {
            lo = Math.min(lo, from[i]);
            hi = Math.max(hi, to[i]);
        }
        return new int[] {lo, hi};
    }

    public PhiSpan toOriginal(PhiSpan span) {
        if (from == null) {
            return span;
        }
        int[] bounds = toOriginal(span.start(), span.end());
        return span.withBounds(bounds[0], bounds[1]);
    }

    public ChartMatch toOriginal(ChartMatch match) {
        if (from == null) {
            return match;
        }
        int[] bounds = toOriginal(match.start(), match.end());
        return new ChartMatch(bounds[0], bounds[1], match.source());
    }

    private static boolean isAscii(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasBidiOverride(String text) {
        return text.indexOf('\u202D') >= 0 || text.indexOf('\u202E') >= 0;
    }

    /**
     * Folds the original's chars in the given order. In reading order a base char and the combining marks after it
     * are normalized together (so "e" + U+0301 composes to "é"); in display order marks may precede their base, so
     * each char is folded alone.
     */
    private static FoldedText fold(String original, int[] order, boolean readingOrder) {
        int n = order.length;
        StringBuilder out = new StringBuilder(n);
        int[] from = new int[n + 8];
        int[] to = new int[n + 8];
        int k = 0;
        while (k < n) {
            int p = order[k];
            char c = original.charAt(p);
            if (Character.isLowSurrogate(c) && p > 0 && Character.isHighSurrogate(original.charAt(p - 1))) {
                k++; // the second half of a pair, folded with its first half
                continue;
            }
            k++;
            if (c < 0x80 && !(readingOrder && k < n && order[k] == p + 1 && mayCombine(original.charAt(p + 1)))) {
                // the common case: an ASCII char no mark follows is its own fold, kept without building a String
                if (out.length() == from.length) {
                    from = Arrays.copyOf(from, from.length * 2);
                    to = Arrays.copyOf(to, to.length * 2);
                }
                from[out.length()] = p;
                to[out.length()] = p + 1;
                out.append(c);
                continue;
            }
            int cp = original.codePointAt(p);
            int start = p;
            int end = p + Character.charCount(cp);
            if (Invisibles.isInvisible(cp)) {
                continue;
            }
            String folded;
            if (readingOrder && k < n && order[k] == end && isCombining(original.codePointAt(end))) {
                // a combining sequence: normalize it whole, every char of it maps to the whole sequence
                while (k < n && order[k] == end && end < original.length() && isCombining(original.codePointAt(end))) {
                    int mark = original.codePointAt(end);
                    end += Character.charCount(mark);
                    k += Character.charCount(mark);
                }
                folded = foldSequence(original.substring(start, end));
            } else {
                folded = foldCodePoint(cp);
            }
            for (int i = 0; i < folded.length(); i++) {
                if (out.length() == from.length) {
                    from = Arrays.copyOf(from, from.length * 2);
                    to = Arrays.copyOf(to, to.length * 2);
                }
                from[out.length()] = start;
                to[out.length()] = end;
                out.append(folded.charAt(i));
            }
        }
        return new FoldedText(original, out.toString(), from, to);
    }

    /**
     * The display order of the original's chars, line by line: a line with a bidi control is reordered by the
     * Unicode bidi algorithm (controls left out), any other line keeps its order.
     */
    private static int[] displayOrder(String text) {
        int[] order = new int[text.length()];
        int k = 0;
        int lineStart = 0;
        Bidi bidi = new Bidi();
        bidi.setReorderingOptions(Bidi.OPTION_REMOVE_CONTROLS);
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            if (hasBidiControl(text, lineStart, lineEnd)) {
                bidi.setPara(text.substring(lineStart, lineEnd), Bidi.LEVEL_DEFAULT_LTR, null);
                for (int logical : bidi.getVisualMap()) {
                    order[k++] = lineStart + logical;
                }
            } else {
                for (int i = lineStart; i < lineEnd; i++) {
                    order[k++] = i;
                }
            }
            if (lineEnd < text.length()) {
                order[k++] = lineEnd;
            }
            lineStart = lineEnd + 1;
        }
        return Arrays.copyOf(order, k);
    }

    private static boolean hasBidiControl(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Invisibles.isBidiControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} may be (part of) a combining mark: none lies below U+0300. */
    private static boolean mayCombine(char c) {
        return c >= 0x300;
    }

    private static boolean isCombining(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static String foldSequence(String sequence) {
        StringBuilder out = new StringBuilder(sequence.length());
        String normalized = NFKC.normalize(sequence);
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (!isCombining(cp) && !Invisibles.isInvisible(cp)) {
                out.append(confusable(cp));
            }
        }
        return out.toString();
    }

    private static String foldCodePoint(int cp) {
        if (cp < 0x80) {
            return String.valueOf((char) cp);
        }
        if (cp < 0x10000) {
            String known = BMP_FOLDS[cp];
            if (known == null) {
                known = foldSequence(new String(Character.toChars(cp)));
                BMP_FOLDS[cp] = known;
            }
            return known;
        }
        return foldSequence(new String(Character.toChars(cp)));
    }

    /** An ASCII stand-in for a char that looks like one: a decimal digit's value, a look-alike letter's letter. */
    private static String confusable(int cp) {
        if (cp < 0x80) {
            return String.valueOf((char) cp);
        }
        if (UCharacter.getType(cp) == UCharacter.DECIMAL_DIGIT_NUMBER) {
            return String.valueOf((char) ('0' + UCharacter.digit(cp, 10)));
        }
        if (UCharacter.hasBinaryProperty(cp, UProperty.WHITE_SPACE)) {
            return " ";
        }
        if (UCharacter.getType(cp) == UCharacter.DASH_PUNCTUATION || cp == 0x2212) {
            // en and em dashes, figure dash, minus sign, fullwidth hyphen: "123–45–6789" is an SSN as "123-45-6789" is
            return "-";
        }
        String skeleton;
        synchronized (SKELETON) { // built once, called only for chars not yet in BMP_FOLDS
            skeleton = SKELETON.getSkeleton(new String(Character.toChars(cp)));
        }
        if (skeleton.length() == 1 && skeleton.charAt(0) < 0x80 && Character.isLetter(skeleton.charAt(0))) {
            return skeleton;
        }
        return new String(Character.toChars(cp));
    }
}
