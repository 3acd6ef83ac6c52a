package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Matchers for anchored use: {@code region(trigger, text.length()).lookingAt()} tries one position only. */
final class Patterns {

    private Patterns() {
    }

    /** A matcher whose lookbehinds, lookaheads and {@code \b} see the text outside its region. */
    static Matcher matcher(Pattern p, CharSequence text) {
        return p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    }

    /**
     * The regex {@code (?:a|b|...)} with its alternatives grouped by first letter, in their order:
     * {@code (?:H(?:ospital|ealth)|C(?:linic|enter))}. It matches exactly what the plain alternation matches —
     * alternatives with different first letters never both match at one position, and within a group the order is
     * kept — but java.util.regex tries a Branch's alternatives one by one, so a position where none matches (as
     * when a pattern backtracks over the words before a suffix) costs a test per letter instead of per alternative.
     *
     * @param alternatives regexes that each start with a literal ASCII letter or digit, "#", "%" or "/", not
     *                     followed by a quantifier
     * @param ignoreCase   whether the pattern is compiled case-insensitively (groups by lower-case letter)
     */
    static String alternation(List<String> alternatives, boolean ignoreCase) {
        Map<Character, List<String>> byFirst = new LinkedHashMap<>();
        for (String a : alternatives) {
            char first = a.isEmpty() ? 0 : a.charAt(0);
            boolean literal = first < 128 && Character.isLetterOrDigit(first) || "#%/".indexOf(first) >= 0;
            if (!literal || a.length() > 1 && "?*+{".indexOf(a.charAt(1)) >= 0) {
                throw new IllegalArgumentException("not a literal first char: " + a);
            }
            char key = ignoreCase ? Character.toLowerCase(first) : first;
            byFirst.computeIfAbsent(key, k -> new ArrayList<>()).add(a.substring(1));
        }
        List<String> groups = new ArrayList<>();
        byFirst.forEach((first, rests) -> groups.add(first + "(?:" + String.join("|", rests) + ")"));
        return "(?:" + String.join("|", groups) + ")";
    }

    /** {@link #alternation} of alternatives given as {@code "a|b|c"} (no "|" inside them). */
    static String alternation(String alternatives, boolean ignoreCase) {
        return alternation(List.of(alternatives.split("\\|")), ignoreCase);
    }
}
