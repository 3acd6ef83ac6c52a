package org.signet.tokenization.pseudo;

import org.hl7.fhir.r4.model.Base;

/** Leaves the element as it is and shields everything inside it from the type defaults. */
final class KeepOperator implements ElementOperator {

    @Override
    public void apply(Base element, Application app) {
        app.pass().freeze(element);
    }
}
