package org.signet.tokenization.pseudo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.signet.tokenization.detect.Invisibles;

/**
 * Puts originals back in place of tokens; tokens the lookup does not know stay as they are and are reported.
 * Escaped token-shaped literals ({@link Tokens#TOKEN_OR_LITERAL}) lose one escaping backslash and are never looked up.
 * Invisible characters ({@link Invisibles}) are removed from the result, and counted: the text is shown to a
 * clinician and filed in the chart, and what they read must be all that is there.
 */
public final class Reidentifier {

    /**
     * The text with known tokens replaced, the distinct tokens left in place because the lookup had none, and how
     * many invisible characters (of them, bidi controls) were removed.
     */
    public record Result(String text, List<String> unknownTokens, int invisibleRemoved, int bidiControlsRemoved) {
    }

    private Reidentifier() {
    }

    public static Result reidentify(String text, Function<String, Optional<String>> lookup) {
        Matcher m = Tokens.TOKEN_OR_LITERAL.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        Set<String> unknown = new LinkedHashSet<>();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            if (!m.group(1).isEmpty()) {
                out.append("[[").append(m.group(1), 1, m.group(1).length()).append(m.group(2)).append("]]");
            } else {
                String token = m.group();
                Optional<String> original = lookup.apply(token);
                if (original.isPresent()) {
                    out.append(original.get());
                } else {
                    out.append(token);
                    unknown.add(token);
                }
            }
            last = m.end();
        }
        out.append(text, last, text.length());
        Invisibles.Removed visible = Invisibles.remove(out.toString());
        return new Result(visible.text(), List.copyOf(new ArrayList<>(unknown)), visible.removed(), visible.bidi());
    }

    /** {@link #reidentify} without the report. */
    public static String replaceTokens(String text, Function<String, Optional<String>> lookup) {
        return reidentify(text, lookup).text();
    }
}
