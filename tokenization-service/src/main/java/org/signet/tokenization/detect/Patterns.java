package org.signet.tokenization.detect;

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
}
