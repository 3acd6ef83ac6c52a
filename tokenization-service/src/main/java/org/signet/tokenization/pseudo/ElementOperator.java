package org.signet.tokenization.pseudo;

import org.hl7.fhir.r4.model.Base;

/** The strategy behind an {@link Operator}: transforms one FHIR element in place (on the pass's copy). */
interface ElementOperator {

    void apply(Base element, Application app);
}
