package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.List;

/** A recognizer that works from a shared {@link TextScan}, so one detector call scans the text once. */
interface ScanRecognizer extends PhiRecognizer {

    /** Adds this recognizer's candidate spans in {@code scan.text} to {@code out}. */
    void detect(TextScan scan, List<PhiSpan> out);

    @Override
    default List<PhiSpan> detect(String text) {
        List<PhiSpan> out = new ArrayList<>();
        detect(TextScan.of(text), out);
        return out;
    }
}
