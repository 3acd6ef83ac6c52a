package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chart phone numbers and identifiers found by their digits alone, however the text spaces or punctuates them
 * ("555 7110122", "5 5 5-0 1 7 4 2 4 2"): the written forms the dictionary generates cannot cover every split.
 * The digits must read as one number: only a few separators between any two of them.
 * Only originals with at least {@value #MIN_DIGITS} digits take part; shorter digit runs are too common (doses,
 * counts) to be anyone's identifier.
 */
public final class ChartDigitRuns {

    public static final int MIN_DIGITS = 6;

    private record Needle(String digits, ChartIdentifier source) {}

    private final List<Needle> needles = new ArrayList<>();

    public ChartDigitRuns(List<ChartIdentifier> chart) {
        for (ChartIdentifier id : chart) {
            if (isNumberLike(id.type())) {
                String digits = FoldedText.fold(id.value()).replaceAll("\\D", "");
                if (digits.length() >= MIN_DIGITS) {
                    needles.add(new Needle(digits, id));
                }
            }
        }
        // longer numbers first, so a number containing another is reported whole
        needles.sort(Comparator.comparingInt((Needle n) -> n.digits().length()).reversed());
    }

    public boolean isEmpty() {
        return needles.isEmpty();
    }

    /** Matches (sorted by start, non-overlapping) spanning from the first to the last digit of each occurrence. */
    public List<ChartMatch> match(String text) {
        if (needles.isEmpty()) {
            return List.of();
        }
        StringBuilder digits = new StringBuilder();
        int[] position = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                position[digits.length()] = i;
                digits.append(c);
            }
        }
        List<ChartMatch> found = new ArrayList<>();
        for (Needle needle : needles) {
            for (int at = digits.indexOf(needle.digits()); at >= 0; at = digits.indexOf(needle.digits(), at + 1)) {
                if (!onlySeparatorsBetween(text, position, at, at + needle.digits().length())) {
                    continue;
                }
                int start = position[at];
                int end = position[at + needle.digits().length() - 1] + 1;
                boolean overlaps = found.stream().anyMatch(m -> m.start() < end && start < m.end());
                if (!overlaps) {
                    found.add(new ChartMatch(start, end, needle.source()));
                }
            }
        }
        found.sort(Comparator.comparingInt(ChartMatch::start));
        return found;
    }

    /** The digits form one written number: between each two, at most a few spaces, dashes, dots or brackets. */
    private static boolean onlySeparatorsBetween(String text, int[] position, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int gapStart = position[i - 1] + 1;
            int gapEnd = position[i];
            if (gapEnd - gapStart > 3) {
                return false;
            }
            for (int c = gapStart; c < gapEnd; c++) {
                if (" -.()/+\t".indexOf(text.charAt(c)) < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isNumberLike(PhiType type) {
        return switch (type) {
            case PHONE, FAX, MRN, SSN, ACCOUNT, HEALTH_PLAN, LICENSE, VEHICLE, DEVICE, OTHER_ID -> true;
            default -> false;
        };
    }
}
