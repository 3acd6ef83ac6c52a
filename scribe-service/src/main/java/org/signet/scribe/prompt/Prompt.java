package org.signet.scribe.prompt;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rendered prompt: what a model receives (pseudonymized, guarded before it is sent).
 *
 * @param system     the system message: instructions and rules
 * @param user       the user message: chart context and the fenced transcript
 * @param template   which template, for lineage
 */
public record Prompt(String system, String user, PromptTemplate template) {

    public static final Pattern TOKEN = Pattern.compile("\\[\\[[A-Z][A-Z0-9_]*_[1-9][0-9]*]]");

    /** Everything the model will see, as the PHI guard checks it. */
    public String fullText() {
        return system + "\n\n" + user;
    }

    /** The vault tokens the prompt contains; a draft may use no others. */
    public Set<String> tokens() {
        return tokensIn(fullText());
    }

    public static Set<String> tokensIn(String text) {
        Set<String> tokens = new LinkedHashSet<>();
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }
}
