package org.signet.tokenization.detect;

/**
 * One detected identifier: {@code text.substring(start, end)} is PHI of {@code type}.
 *
 * @param type       what kind of identifier
 * @param start      first char offset (UTF-16 index into the analysed text)
 * @param end        offset after the last char (exclusive)
 * @param recognizer name of the recognizer that found it
 * @param confidence 0..1, how sure the recognizer is
 */
public record PhiSpan(PhiType type, int start, int end, String recognizer, double confidence) {

    public PhiSpan {
        if (type == null || start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span " + type + " [" + start + "," + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(PhiSpan o) {
        return start < o.end && o.start < end;
    }

    public boolean contains(PhiSpan o) {
        return start <= o.start && o.end <= end;
    }

    public PhiSpan withBounds(int newStart, int newEnd) {
        return new PhiSpan(type, newStart, newEnd, recognizer, confidence);
    }
}
