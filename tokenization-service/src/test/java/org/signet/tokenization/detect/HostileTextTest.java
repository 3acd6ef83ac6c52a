package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Input shaped to make a pattern backtrack must not stall the PHI boundary: a badly formatted note is enough. These
 * bounds are far above the milliseconds the text takes (JMH measures speed); they catch blow-ups, which take minutes.
 */
class HostileTextTest {

    private static final PhiDetector DETECTOR = PhiDetector.defaults();

    @Test
    void longWhitespaceRunsAfterAnIdentifierKeywordDoNotBacktrack() {
        // "chart." followed by a run of spaces made the MRN rule's filler try every split of the run (seconds at 28)
        // (a digit must follow within 64 chars for the identifier rules to look at all)
        StringBuilder text = new StringBuilder();
        for (String keyword : new String[] {"chart.", "MRN", "Account", "policy", "serial", "license", "case", "ID"}) {
            text.append(keyword).append(" ".repeat(40)).append("\nlines: 22 in l\n").append(keyword)
                    .append(" \t".repeat(20)).append(": - 7\n");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> DETECTOR.detect(text.toString()));
    }
}
