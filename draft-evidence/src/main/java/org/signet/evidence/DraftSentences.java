package org.signet.evidence;

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
                from = afterInlineHeading(draft, from, lineEnd, heads);
                for (int[] span : SentenceSplitter.split(draft, from, lineEnd)) {
                    if (Words.of(draft.substring(span[0], span[1])).stream().anyMatch(Words::content)) {
                        out.add(new Span(span[0], span[1]));
                    }
                }
            }
            lineStart = lineEnd + 1;
        }
        return out;
    }

    /** Past a heading written at the start of its line ("Assessment: likely …"): the heading is no claim. */
    private static int afterInlineHeading(String draft, int from, int lineEnd, Set<String> heads) {
        int colon = draft.indexOf(':', from);
        if (colon > from && colon < lineEnd && heads.contains(normal(draft.substring(from, colon)))) {
            int at = colon + 1;
            while (at < lineEnd && Character.isWhitespace(draft.charAt(at))) {
                at++;
            }
            return at;
        }
        return from;
    }

    /** A line as a heading compares: lower case, without its colon, markup and surrounding spaces. */
    static String normal(String line) {
        return line.replaceAll("[#*:_.]+", " ").strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
