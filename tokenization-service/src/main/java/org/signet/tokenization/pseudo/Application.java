package org.signet.tokenization.pseudo;

import org.hl7.fhir.r4.model.Base;
import org.signet.tokenization.detect.PhiType;

/**
 * One rule or type default being applied within a pass: what the operator needs besides the element.
 *
 * @param root      the resource (or bundle) the element lives in, for operators that need its parent
 * @param label     how counts and errors name the rule
 * @param tokenType the rule's token type, possibly with {@code {kind}}; null if it has none
 * @param phiType   the rule's PHI kind, or null to infer it
 * @param typeDefault true when a type default (not a rule) is being applied
 */
record Application(PseudonymizationPass pass, Base root, String label, String tokenType, PhiType phiType,
        boolean typeDefault) {

    /** The token type with {@code {kind}} filled in, or {@code fallback} if the rule has none. */
    String tokenType(String kind, String fallback) {
        if (tokenType == null) {
            return fallback;
        }
        return tokenType.replace("{kind}", kind);
    }

    /** The rule's PHI kind, else what the token type or the element says. */
    PhiType phiType(String resolvedTokenType, PhiType fromElement) {
        if (phiType != null) {
            return phiType;
        }
        return fromElement != null ? fromElement : Tokens.phiTypeOf(resolvedTokenType);
    }

    IllegalStateException cannotApply(Operator op, Base element) {
        return new IllegalStateException(label + ": operator " + op.ruleName() + " cannot apply to an element of type "
                + element.fhirType());
    }
}
