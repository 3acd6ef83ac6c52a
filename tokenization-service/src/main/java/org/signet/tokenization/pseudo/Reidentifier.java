package org.signet.tokenization.pseudo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;

/** Puts originals back in place of tokens; tokens the lookup does not know stay as they are and are reported. */
public final class Reidentifier {

    /** The text with known tokens replaced, and the distinct tokens left in place because the lookup had none. */
    public record Result(String text, List<String> unknownTokens) {
    }

    private Reidentifier() {
    }

    public static Result reidentify(String text, Function<String, Optional<String>> lookup) {
        Matcher m = Tokens.TOKEN.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        Set<String> unknown = new LinkedHashSet<>();
        int last = 0;
        while (m.find()) {
            String token = m.group();
            Optional<String> original = lookup.apply(token);
            out.append(text, last, m.start());
            if (original.isPresent()) {
                out.append(original.get());
            } else {
                out.append(token);
                unknown.add(token);
            }
            last = m.end();
        }
        out.append(text, last, text.length());
        return new Result(out.toString(), List.copyOf(new ArrayList<>(unknown)));
    }

    /** {@link #reidentify} without the report. */
    public static String replaceTokens(String text, Function<String, Optional<String>> lookup) {
        return reidentify(text, lookup).text();
    }
}
