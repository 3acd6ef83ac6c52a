package org.signet.tokenization.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.signet.tokenization.detect.ChartDictionaryRecognizer;
import org.signet.tokenization.detect.ChartDigitRuns;
import org.signet.tokenization.detect.ChartMatch;
import org.signet.tokenization.detect.ChartIdentifier;
import org.signet.tokenization.detect.PhiSpan;
import org.signet.tokenization.detect.PhiType;
import org.signet.tokenization.pseudo.ChartEntry;

/**
 * Does a text still contain an original of this vault? The chart dictionary finds every written variant (case
 * and punctuation folded, family name alone, initials, every date form); {@link ChartDigitRuns} finds phone
 * numbers and identifiers however they are spaced or punctuated. Findings carry type and offsets, never the original.
 */
public final class PhiGuard {

    public record Finding(PhiType type, int start, int end) {}

    private PhiGuard() {}

    public static List<Finding> scan(String text, List<ChartEntry> chart) {
        List<Finding> findings = new ArrayList<>();
        if (chart.isEmpty()) {
            return findings;
        }
        List<ChartIdentifier> identifiers = chart.stream()
                .map(entry -> new ChartIdentifier(entry.phiType(), entry.original()))
                .distinct()
                .toList();
        for (PhiSpan span : ChartDictionaryRecognizer.of(identifiers).detect(text)) {
            findings.add(new Finding(span.type(), span.start(), span.end()));
        }
        for (ChartMatch run : new ChartDigitRuns(identifiers).match(text)) {
            if (findings.stream().noneMatch(f -> f.start() <= run.start() && f.end() >= run.end())) {
                findings.add(new Finding(run.type(), run.start(), run.end()));
            }
        }
        findings.sort(Comparator.comparingInt(Finding::start));
        return findings;
    }

}
