package org.signet.tokenization.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages over 89 (Safe Harbor keeps younger ages): "91 yo", "93-year-old", "aged 95", "age: 101". Span = the number. */
public final class AgeRecognizer implements ScanRecognizer {

    public static final AgeRecognizer INSTANCE = new AgeRecognizer();

    private static final String AGE = "(9\\d|1[0-2]\\d)";
    private static final Pattern AFTER = Pattern.compile("(?i)(?<![\\d.])" + AGE
            + "(?:\\s*|-)(?:y/?o\\b|y\\.o\\.?|yo\\b|yr?s?\\.?[\\s-]?old\\b|years?[\\s-]+old\\b|-?years?-old\\b|year[\\s-]old\\b"
            + "|years?\\s+of\\s+age\\b|yo[mfw]\\b|y/o[mf]?\\b)");
    private static final Pattern BEFORE = Pattern.compile(
            "(?i)\\b(?:aged?|age\\s*:|age\\s+is|age\\s+of|turned|turning|centenarian,?)\\s*" + AGE + "(?!\\d|\\.\\d)");

    private AgeRecognizer() {
    }

    @Override
    public String name() {
        return "age";
    }

    @Override
    public void detect(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher after = null;
        for (int k = 0; k < scan.nums; k++) {
            int s = scan.numStart[k];
            int len = scan.numEnd[k] - s;
            char c = text.charAt(s);
            if (len == 2 && c == '9' || len == 3 && c == '1' && text.charAt(s + 1) <= '2') {
                after = after == null ? Patterns.matcher(AFTER, text) : after;
                if (yearWordAfter(scan, s + len) && after.region(s, scan.length).lookingAt()) {
                    add(after, out);
                } else if (afterName(scan, s, s + len)) {
                    int v = Integer.parseInt(text, s, s + len, 10);
                    if (v >= 90) {
                        out.add(new PhiSpan(PhiType.AGE, s, s + len, name(), 0.75));
                    }
                }
            }
        }
        Matcher before = null;
        for (int c = 0; c < scan.cues; c++) {
            int k = scan.cueWord[c];
            if ((scan.wordBits[k] & CueWords.AGE) != 0 && scan.digitAfterWord(k, 12)) {
                before = before == null ? Patterns.matcher(BEFORE, text) : before;
                if (before.region(scan.wordStart[k], scan.length).lookingAt()) {
                    add(before, out);
                }
            }
        }
    }

    /** Whether a "y" (of "yo", "y/o", "years old") follows the number across spaces or hyphens, as AFTER needs. */
    private static boolean yearWordAfter(TextScan scan, int e) {
        int p = e;
        while (TextScan.isRegexSpace(scan.at(p))) {
            p++;
        }
        for (int hyphens = 0; hyphens < 2 && scan.at(p) == '-'; hyphens++) {
            p++;
        }
        return (scan.at(p) | 0x20) == 'y';
    }

    /** "Okonjo (93)": a bare number in brackets right after a word is the age of the person named. */
    private static boolean afterName(TextScan scan, int s, int e) {
        if (scan.at(s - 1) != '(' || scan.at(e) != ')') {
            return false;
        }
        int p = s - 2;
        if (scan.at(p) == ' ') {
            p--;
        }
        return TextScan.isLetter(scan.at(p));
    }

    private void add(Matcher m, List<PhiSpan> out) {
        int v = Integer.parseInt(m.group(1));
        if (v >= 90) {
            out.add(new PhiSpan(PhiType.AGE, m.start(1), m.end(1), name(), 0.9));
        }
    }
}
