package org.signet.tokenization.pseudo;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;

/** Removes the element from its parent (found by identity under the resource); a root-level primitive is emptied. */
final class RedactOperator implements ElementOperator {

    @Override
    public void apply(Base element, Application app) {
        if (!removeFrom(app.root(), element)) {
            if (element instanceof PrimitiveType<?> p) {
                p.setValueAsString(null);
            } else {
                throw new IllegalStateException(app.label() + ": cannot find the parent of a " + element.fhirType());
            }
        }
        app.pass().freeze(element);
    }

    private static boolean removeFrom(Base parent, Base target) {
        for (Property prop : parent.children()) {
            if (!prop.hasValues()) {
                continue;
            }
            for (Base child : prop.getValues()) {
                if (child == target) {
                    parent.removeChild(prop.getName(), target);
                    return true;
                }
                if (child != null && !child.isPrimitive() && removeFrom(child, target)) {
                    return true;
                }
            }
        }
        return false;
    }
}
