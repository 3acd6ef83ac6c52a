package org.signet.evidence;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sentences of a draft that make a claim, with offsets: section headings and "Not discussed." are structure,
 * not claims; a list item ("- Lisinopril 10 mg daily") is a sentence of its own.
 */
public final class DraftSentences {

    /** {@code text[start, end)} is one sentence. */
    public record Span(int start, int end) {

        public String text(String draft) {
            return draft.substring(start, end);
        }
    }

    private DraftSentences() {
    }

    public static List<Span> of(String draft, List<String> headings) {
        Set<String> heads = headings.stream().map(DraftSentences::normal).collect(Collectors.toSet());
        List<Span> out = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.US);
        int lineStart = 0;
        while (lineStart < draft.length()) {
            int lineEnd = draft.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = draft.length();
            }
            int from = lineStart;
            while (from < lineEnd && (Character.isWhitespace(draft.charAt(from)) || draft.charAt(from) == '-'
                    || draft.charAt(from) == '*' || draft.charAt(from) == '•')) {
                from++;
            }
            String line = draft.substring(from, lineEnd);
            String normal = normal(line);
            if (!normal.isEmpty() && !heads.contains(normal) && !normal.equals("not discussed")) {
                it.setText(line);
                for (int s = it.first(), e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
                    int a = from + s;
                    int b = from + e;
                    while (b > a && Character.isWhitespace(draft.charAt(b - 1))) {
                        b--;
                    }
                    if (b > a && Words.of(draft.substring(a, b)).stream().anyMatch(Words::content)) {
                        out.add(new Span(a, b));
                    }
                }
            }
            lineStart = lineEnd + 1;
        }
        return out;
    }

    /** A line as a heading compares: lower case, without its colon, markup and surrounding spaces. */
    static String normal(String line) {
        return line.replaceAll("[#*:_.]+", " ").strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
