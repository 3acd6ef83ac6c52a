package org.signet.tokenization.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.signet.lexicon.LexiconBits;

/**
 * The words around an identifier that belong to it as people write it, added to the recognizers' spans: the title
 * before a name ("Dr. Orla B."), a possessive after a name or place ("St. Ansel’s"), the state after a place
 * ("Quillhaven, CT", "Ravensholt, Texas"), and a place named after a facility ("Brindlewood Clinic in Ravensholt,
 * MN"). A state alone may stand (Safe Harbor), but after a city it is part of the address line; a title identifies
 * no one, but left outside it keeps the span from covering the name as written. Runs on the candidates, before overlaps resolve;
 * a chart dictionary match keeps its bounds, since re-identification restores it as the chart entry, not as written.
 */
final class SpanEdges {

    private static final String[] PLACE_JOINERS = {" in ", ", ", " of "};
    /** How many places one span may absorb in a row ("Brindlewood Hospital, Ravensholt, CA"). */
    private static final int MAX_JOINS = 3;

    private SpanEdges() {
    }

    static void widen(String text, List<PhiSpan> spans) {
        if (spans.isEmpty()) {
            return;
        }
        Map<Integer, Integer> placeEndByStart = null;
        java.util.BitSet chart = null;
        for (PhiSpan s : spans) {
            if (s.recognizer().equals(ChartDictionaryRecognizer.NAME)) {
                chart = chart == null ? new java.util.BitSet() : chart;
                chart.set(s.start(), s.end());
            }
            if (isPlace(s.type())) {
                placeEndByStart = placeEndByStart == null ? new HashMap<>() : placeEndByStart;
                placeEndByStart.merge(s.start(), s.end(), Math::max);
            }
        }
        for (int k = 0, n = spans.size(); k < n; k++) {
            PhiSpan s = spans.get(k);
            if (chart != null && chart.nextSetBit(s.start()) >= 0 && chart.nextSetBit(s.start()) < s.end()) {
                continue; // a chart match is replaced by its entry's token, and restored as the entry: nothing more
            }
            int start = s.type() == PhiType.NAME ? titleBefore(text, s.start()) : s.start();
            int end = s.end();
            if (s.type() == PhiType.NAME || isPlace(s.type())) {
                end = possessiveAfter(text, end);
            }
            if (isPlace(s.type()) || s.type() == PhiType.NAME && placeEndByStart != null) {
                for (int joins = 0; joins < MAX_JOINS; joins++) {
                    int next = isPlace(s.type()) ? placeAfter(text, end, placeEndByStart) : end;
                    next = stateAfter(text, next, s.type() == PhiType.NAME && next == end);
                    if (next == end) {
                        break;
                    }
                    end = next;
                }
            } else if (s.type() == PhiType.NAME) {
                end = stateAfter(text, end, true);
            }
            if (start != s.start() || end != s.end()) {
                spans.set(k, s.withBounds(start, end));
            }
        }
    }

    private static boolean isPlace(PhiType t) {
        return t == PhiType.CITY || t == PhiType.ORGANIZATION || t == PhiType.ADDRESS;
    }

    /** The start of "Dr. " or "Mrs " right before a name starting at {@code start}, else {@code start}. */
    private static int titleBefore(String text, int start) {
        int p = start - 1;
        while (p >= 0 && text.charAt(p) == ' ') {
            p--;
        }
        if (p < 0 || p == start - 1) {
            return start;
        }
        if (text.charAt(p) == '.') {
            p--;
        }
        int e = p + 1;
        while (p >= 0 && Character.isLetter(text.charAt(p))) {
            p--;
        }
        int s = p + 1;
        if (e - s < 2 || e - s > 4 || p >= 0 && Character.isLetterOrDigit(text.charAt(p))
                || !Character.isUpperCase(text.charAt(s)) || !VocabularyRecognizer.title(text, s, e)) {
            return start;
        }
        return s;
    }

    /** After "'s" or "’s" ending a word at {@code end}, else {@code end}. */
    private static int possessiveAfter(String text, int end) {
        if (end + 1 < text.length() && (text.charAt(end) == '\'' || text.charAt(end) == '’')
                && (text.charAt(end + 1) == 's' || text.charAt(end + 1) == 'S')
                && (end + 2 == text.length() || !Character.isLetterOrDigit(text.charAt(end + 2)))) {
            return end + 2;
        }
        return end;
    }

    /**
     * The end of another place, or of a state, that " in " or ", " joins to a place ending at {@code end} ("Brindlewood
     * Clinic in Ravensholt", "Brindlewood Hospital in NY"), else {@code end}.
     */
    private static int placeAfter(String text, int end, Map<Integer, Integer> placeEndByStart) {
        for (String joiner : PLACE_JOINERS) {
            if (text.startsWith(joiner, end)) {
                Integer next = placeEndByStart.get(end + joiner.length());
                if (next != null) {
                    return next;
                }
            }
        }
        if (text.startsWith(" in", end)) {
            int state = stateAfter(text, end + 3, false);
            if (state > end + 3) {
                return state;
            }
        }
        return end;
    }

    /**
     * The end of a state written after a place ending at {@code end} (", CT", " CA", ", Texas", ", New York"), else
     * {@code end}. After a name ({@code afterName}) only a comma and a postal code that is no credential ("John
     * Smith, MD" keeps its credential).
     */
    private static int stateAfter(String text, int end, boolean afterName) {
        int p = end;
        boolean comma = p < text.length() && text.charAt(p) == ',';
        if (comma) {
            p++;
        }
        int spaces = 0;
        while (p < text.length() && text.charAt(p) == ' ' && spaces < 2) {
            p++;
            spaces++;
        }
        if (spaces == 0 || afterName && !comma) {
            return end;
        }
        int e = p;
        while (e < text.length() && Character.isLetter(text.charAt(e))) {
            e++;
        }
        if (e == p || e < text.length() && Character.isLetterOrDigit(text.charAt(e))
                || !Character.isUpperCase(text.charAt(p))) {
            return end;
        }
        String word = text.substring(p, e);
        if (e - p == 2) {
            boolean postal = Lexicon.STATES.contains(word);
            return postal && !(afterName && AddressRecognizer.CREDENTIAL_STATES.contains(word)) ? e : end;
        }
        if (afterName || !comma) {
            return end;
        }
        if ((Vocabulary.bits(text, p, e) & LexiconBits.STATE) != 0) {
            return e; // "Ravensholt, Texas"
        }
        // "Ravensholt, New York": a state of two words
        int e2 = e + 1;
        if (e < text.length() && text.charAt(e) == ' ' && e2 < text.length() && Character.isUpperCase(text.charAt(e2))) {
            int f = e2;
            while (f < text.length() && Character.isLetter(text.charAt(f))) {
                f++;
            }
            long key = PackedWordTable.extend(PackedWordTable.extend(PackedWordTable.extend(PackedWordTable.start(),
                    text, p, e), ' '), text, e2, f);
            if ((Vocabulary.PHRASES.find(key) & LexiconBits.STATE) != 0) {
                return f;
            }
        }
        return end;
    }
}
