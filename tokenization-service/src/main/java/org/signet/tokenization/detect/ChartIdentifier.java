package org.signet.tokenization.detect;

/**
 * An identifier already known from the patient's FHIR resources, e.g. {@code (NAME, "Janet Baker")},
 * {@code (MRN, "A1234567")}, {@code (DATE, "1984-03-07")}. Feed these to {@link ChartDictionaryRecognizer}.
 */
public record ChartIdentifier(PhiType type, String value) {

    public ChartIdentifier {
        if (type == null || value == null) {
            throw new IllegalArgumentException("type and value are required");
        }
    }
}
