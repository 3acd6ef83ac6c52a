package org.signet.evidence;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sentences of one line of clinical text, as offsets: the JDK's sentence breaks, then joined again where the break
 * fell after a title or abbreviation ("Mrs. [[PATIENT_NAME_1]]", "Dr. Lee", "e.g. ibuprofen") or before a word
 * that cannot start a sentence (lower case, a token, a digit).
 */
final class SentenceSplitter {

    /** Words that end in a dot without ending a sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs",
            "etc", "e.g", "i.e", "approx", "no", "pt", "pts", "hx", "dx", "tx", "rx", "sx", "mg", "ml", "b.i.d",
            "t.i.d", "q.d", "p.o", "a.m", "p.m");

    private SentenceSplitter() {
    }

    /** The sentences of {@code text[from, to)}, trimmed, as [start, end) pairs into {@code text}. */
    static List<int[]> split(String text, int from, int to) {
        List<int[]> raw = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.US);
        it.setText(text.substring(from, to));
        for (int s = it.first(), e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
            int a = from + s;
            int b = from + e;
            while (a < b && Character.isWhitespace(text.charAt(a))) {
                a++;
            }
            while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
                b--;
            }
            if (b > a) {
                raw.add(new int[] {a, b});
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int[] span : raw) {
            if (!out.isEmpty() && continues(text, out.get(out.size() - 1), span)) {
                out.get(out.size() - 1)[1] = span[1];
            } else {
                out.add(span);
            }
        }
        return out;
    }

    /** Whether {@code next} continues {@code previous}: it ended on an abbreviation, or next cannot start one. */
    private static boolean continues(String text, int[] previous, int[] next) {
        char first = text.charAt(next[0]);
        if (Character.isLowerCase(first) || Character.isDigit(first) || text.startsWith("[[", next[0])) {
            return true;
        }
        int end = previous[1];
        if (text.charAt(end - 1) != '.') {
            return false;
        }
        int w = end - 1;
        while (w > previous[0] && (Character.isLetter(text.charAt(w - 1)) || text.charAt(w - 1) == '.')) {
            w--;
        }
        return ABBREVIATIONS.contains(text.substring(w, end - 1).toLowerCase(Locale.ROOT));
    }
}
