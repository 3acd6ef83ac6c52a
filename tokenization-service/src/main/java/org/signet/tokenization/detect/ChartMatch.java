package org.signet.tokenization.detect;

/**
 * One chart identifier found in a text by {@link ChartDictionaryRecognizer#match(String)}.
 * {@code text.substring(start, end)} is the identifier as written (a leading title such as "Mr." stays outside
 * the span); {@code source} is the chart entry the written form was generated from, e.g. "Smith" in
 * "Mr. Smith" comes from {@code ChartIdentifier(NAME, "John Smith")}. When two chart entries yield the same
 * written form (two relatives named Smith), the entry given first to the recognizer is the source.
 *
 * @param start  first char offset (UTF-16 index into the analysed text)
 * @param end    offset after the last char (exclusive)
 * @param source the chart identifier this match stands for (the same instance that was passed in)
 */
public record ChartMatch(int start, int end, ChartIdentifier source) {

    public ChartMatch {
        if (source == null || start < 0 || end <= start) {
            throw new IllegalArgumentException("bad chart match [" + start + "," + end + ")");
        }
    }

    public PhiType type() {
        return source.type();
    }

    public int length() {
        return end - start;
    }
}
