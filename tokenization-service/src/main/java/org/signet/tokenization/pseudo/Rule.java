package org.signet.tokenization.pseudo;

import ca.uhn.fhir.fhirpath.IFhirPath;
import org.signet.tokenization.detect.PhiType;

/**
 * One line of a profile: on resources of type {@code resource}, apply {@code operator} to what {@code path}
 * (FHIRPath) selects.
 *
 * @param index     position in the file's {@code rules} list, from 1 (for messages)
 * @param tokenType for {@code token} (required) and {@code date-shift} (optional: the date also joins the chart);
 *                  may contain {@code {kind}}, replaced by what the element says it is (MRN, SSN, PHONE, CITY...)
 * @param phiType   optional; what kind of identifier the tokenized value is, when the token type does not say it
 * @param parsed    the path, parsed once at load by HAPI's FHIRPath engine
 */
public record Rule(int index, String resource, String path, Operator operator, String tokenType, PhiType phiType,
        IFhirPath.IParsedExpression parsed) {

    /** How counts and errors name this rule, e.g. {@code rule 3 (Patient.name token)}. */
    public String label() {
        return "rule " + index + " (" + path + " " + operator.ruleName() + ")";
    }
}
