package org.signet.evidence;

import java.util.List;
import java.util.Set;

/**
 * NegEx-style negation: a negation word before a mention, in the same clause and within a few words, negates it
 * ("denies chest pain", "no fever or chills", "I haven't had any shortness of breath", "stopped the naproxen").
 * A clause ends at punctuation or at a contrasting word ("no fever but a cough").
 */
public final class Negation {

    private static final Set<String> BEFORE = Set.of("no", "not", "denies", "denied", "deny", "denying", "without",
            "never", "negative", "nor", "don't", "doesn't", "didn't", "haven't", "hasn't", "hadn't", "isn't", "wasn't",
            "aren't", "weren't", "won't", "can't", "cannot", "stopped", "stop", "quit", "discontinued", "discontinue",
            "none", "free", "resolved", "off", "nothing");
    private static final Set<String> CLAUSE_BREAK = Set.of("but", "however", "although", "though", "except", "yet",
            "aside", "apart", "which", "who", "because");
    /** How many words back a negation reaches. */
    private static final int WINDOW = 6;

    private Negation() {
    }

    /** Whether the mention starting at word {@code at} of {@code words} (over {@code text}) is negated. */
    public static boolean negated(String text, List<Words.Word> words, int at) {
        for (int k = at - 1; k >= 0 && at - k <= WINDOW; k--) {
            if (clauseBreakBetween(text, words.get(k).end(), words.get(k + 1).start())) {
                return false;
            }
            String w = words.get(k).lower();
            if (CLAUSE_BREAK.contains(w)) {
                return false;
            }
            if (BEFORE.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the lower-case word is a negation trigger. */
    public static boolean trigger(String lower) {
        return BEFORE.contains(lower);
    }

    /** Whether a text says no outright: a negation word anywhere in it. */
    public static boolean anyNegation(List<Words.Word> words) {
        for (Words.Word w : words) {
            if (BEFORE.contains(w.lower())) {
                return true;
            }
        }
        return false;
    }

    private static boolean clauseBreakBetween(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '.' || c == ';' || c == ':' || c == '?' || c == '!' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
