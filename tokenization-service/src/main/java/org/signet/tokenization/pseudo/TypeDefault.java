package org.signet.tokenization.pseudo;

import org.signet.tokenization.detect.PhiType;

/**
 * What happens to an element of FHIR type {@code type} (e.g. {@code HumanName}, {@code dateTime}) that no rule
 * touched; applied by a walk of every resource, so PHI in an element no rule names is still caught (fail safe).
 */
public record TypeDefault(String type, Operator operator, String tokenType, PhiType phiType) {

    public String label() {
        return "default " + type + " " + operator.ruleName();
    }
}
