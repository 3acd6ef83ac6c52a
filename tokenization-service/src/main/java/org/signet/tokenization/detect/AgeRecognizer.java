package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages over 89 (Safe Harbor keeps younger ages): "91 yo", "93-year-old", "aged 95", "age: 101". Span = the number. */
public final class AgeRecognizer implements PhiRecognizer {

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
    public List<PhiSpan> detect(String text) {
        List<PhiSpan> out = new ArrayList<>();
        for (Pattern p : new Pattern[] {AFTER, BEFORE}) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                int v = Integer.parseInt(m.group(1));
                if (v >= 90) {
                    out.add(new PhiSpan(PhiType.AGE, m.start(1), m.end(1), name(), 0.9));
                }
            }
        }
        return out;
    }
}
