package org.signet.tokenization.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.signet.tokenization.detect.ChartDictionaryRecognizer;
import org.signet.tokenization.detect.ChartIdentifier;
import org.signet.tokenization.detect.PhiSpan;
import org.signet.tokenization.detect.PhiType;
import org.signet.tokenization.pseudo.ChartEntry;

/**
 * Does a text still contain an original of this vault? The chart dictionary finds every written variant (case
 * and punctuation folded, family name alone, initials, every date form); a digits-only pass finds phone numbers
 * and identifiers however they are spaced or punctuated. Findings carry type and offsets, never the original.
 */
public final class PhiGuard {

    /** Identifiers shorter than this are too common as digit runs (doses, counts) to flag on digits alone. */
    private static final int MIN_DIGITS = 6;

    public record Finding(PhiType type, int start, int end) {}

    private PhiGuard() {}

    public static List<Finding> scan(String text, List<ChartEntry> chart) {
        List<Finding> findings = new ArrayList<>();
        if (!chart.isEmpty()) {
            var dictionary = ChartDictionaryRecognizer.of(chart.stream()
                    .map(entry -> new ChartIdentifier(entry.phiType(), entry.original()))
                    .distinct()
                    .toList());
            for (PhiSpan span : dictionary.detect(text)) {
                findings.add(new Finding(span.type(), span.start(), span.end()));
            }
        }
        findings.addAll(digitRuns(text, chart, findings));
        findings.sort(Comparator.comparingInt(Finding::start));
        return findings;
    }

    /** Originals with enough digits found in the text's digits, whatever separates them there. */
    private static List<Finding> digitRuns(String text, List<ChartEntry> chart, List<Finding> already) {
        StringBuilder digits = new StringBuilder(text.length());
        int[] position = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                position[digits.length()] = i;
                digits.append(c);
            }
        }
        List<Finding> found = new ArrayList<>();
        for (ChartEntry entry : chart) {
            if (!isNumberLike(entry.phiType())) {
                continue;
            }
            String needle = entry.original().replaceAll("\\D", "");
            if (needle.length() < MIN_DIGITS) {
                continue;
            }
            for (int at = digits.indexOf(needle); at >= 0; at = digits.indexOf(needle, at + 1)) {
                int start = position[at];
                int end = position[at + needle.length() - 1] + 1;
                boolean covered = already.stream().anyMatch(f -> f.start() <= start && f.end() >= end)
                        || found.stream().anyMatch(f -> f.start() <= start && f.end() >= end);
                if (!covered) {
                    found.add(new Finding(entry.phiType(), start, end));
                }
            }
        }
        return found;
    }

    private static boolean isNumberLike(PhiType type) {
        return switch (type) {
            case PHONE, FAX, MRN, SSN, ACCOUNT, HEALTH_PLAN, LICENSE, VEHICLE, DEVICE, OTHER_ID -> true;
            default -> false;
        };
    }
}
