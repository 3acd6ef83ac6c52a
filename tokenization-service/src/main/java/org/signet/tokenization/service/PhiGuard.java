package org.signet.tokenization.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.signet.tokenization.detect.ChartDictionaryRecognizer;
import org.signet.tokenization.detect.ChartDigitRuns;
import org.signet.tokenization.detect.ChartMatch;
import org.signet.tokenization.detect.ChartIdentifier;
import org.signet.tokenization.detect.FoldedText;
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

    /**
     * Reads every {@link FoldedText} view of the text, so an original split by invisible characters, written with
     * look-alike letters or reversed inside a bidi override is found; offsets are the original text's.
     */
    public static List<Finding> scan(String text, List<ChartEntry> chart) {
        List<Finding> findings = new ArrayList<>();
        if (chart.isEmpty()) {
            return findings;
        }
        List<ChartIdentifier> identifiers = chart.stream()
                .map(entry -> new ChartIdentifier(entry.phiType(), entry.original()))
                .distinct()
                .toList();
        ChartDictionaryRecognizer dictionary = ChartDictionaryRecognizer.of(identifiers);
        ChartDigitRuns digitRuns = new ChartDigitRuns(identifiers);
        for (FoldedText view : FoldedText.views(text)) {
            List<Finding> inView = new ArrayList<>();
            for (PhiSpan span : dictionary.detect(view.text())) {
                PhiSpan original = view.toOriginal(span);
                inView.add(new Finding(original.type(), original.start(), original.end()));
            }
            for (ChartMatch run : digitRuns.match(view.text())) {
                ChartMatch original = view.toOriginal(run);
                if (inView.stream().noneMatch(f -> f.start() <= original.start() && f.end() >= original.end())) {
                    inView.add(new Finding(original.type(), original.start(), original.end()));
                }
            }
            for (Finding f : inView) {
                if (!findings.contains(f)) {
                    findings.add(f);
                }
            }
        }
        findings.sort(Comparator.comparingInt(Finding::start));
        return findings;
    }

}
