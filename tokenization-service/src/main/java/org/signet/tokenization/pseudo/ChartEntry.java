package org.signet.tokenization.pseudo;

import org.signet.tokenization.detect.PhiType;

/**
 * An original the FHIR pass tokenized, kept so that free text later pseudonymized in the same vault gives the same
 * token for it (and for its variants: "Mr. Smith", "555.355.9196"...).
 *
 * @param tokenType the token type it was issued under, e.g. {@code PATIENT_NAME}
 * @param phiType   what kind of identifier it is, for the chart dictionary's variant generation
 * @param original  the raw value — PHI: never log it; {@link #toString()} leaves it out
 */
public record ChartEntry(String tokenType, PhiType phiType, String original) {

    public ChartEntry {
        if (tokenType == null || phiType == null || original == null) {
            throw new IllegalArgumentException("tokenType, phiType and original are required");
        }
    }

    @Override
    public String toString() {
        return "ChartEntry[" + tokenType + ", " + phiType + ", <" + original.length() + " chars>]";
    }
}
