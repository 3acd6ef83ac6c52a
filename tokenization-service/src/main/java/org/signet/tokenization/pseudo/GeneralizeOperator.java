package org.signet.tokenization.pseudo;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.signet.tokenization.detect.PhiType;

/**
 * Coarsens values as Safe Harbor allows, choosing by what the element is:
 * <ul>
 *   <li>date/dateTime/instant → its year (e.g. a birth date, when a profile says year-only);</li>
 *   <li>Age or other Quantity in years, integer → 90 with comparator {@code >=} when 90 or more (a number
 *       cannot hold "90+"; the comparator says the same thing);</li>
 *   <li>Address → its postal code; text that is a US ZIP → first three digits + 00, or 00000 for the restricted
 *       prefixes; text that is a whole number → an age, "90+" from 90; any other text is removed (fail safe).</li>
 * </ul>
 * A generalised ZIP's original still goes into the chart, so free text that writes it out is caught.
 */
final class GeneralizeOperator implements ElementOperator {

    @Override
    public void apply(Base element, Application app) {
        PseudonymizationPass pass = app.pass();
        if (pass.isHandled(element)) {
            return;
        }
        if (element instanceof BaseDateTimeType d) {
            if (d.hasValue()) {
                d.setValueAsString(DateShift.yearOf(d.getValueAsString()));
            }
        } else if (element instanceof Quantity q) {
            if (q.hasValue() && q.getValue().compareTo(BigDecimal.valueOf(Generalization.AGE_LIMIT)) >= 0
                    && inYears(q)) {
                q.setValue(Generalization.AGE_LIMIT);
                q.setComparator(Quantity.QuantityComparator.GREATER_OR_EQUAL);
            }
        } else if (element instanceof IntegerType i) {
            if (i.hasValue() && i.getValue() >= Generalization.AGE_LIMIT) {
                i.setValue(Generalization.AGE_LIMIT);
            }
        } else if (element instanceof Address a) {
            if (a.hasPostalCode()) {
                apply(a.getPostalCodeElement(), app);
            }
            return; // the rest of the address is still for other rules or the Address default
        } else if (element instanceof PrimitiveType<?> p) {
            if (p.hasValue()) {
                text(p, app);
            }
        } else {
            throw app.cannotApply(Operator.GENERALIZE, element);
        }
        pass.markHandled(element);
    }

    private static void text(PrimitiveType<?> p, Application app) {
        String v = p.getValueAsString();
        Optional<String> zip = Generalization.zip(v);
        if (zip.isPresent()) {
            app.pass().addChart(app.tokenType("ZIP", "ZIP"), PhiType.ZIP, v);
            p.setValueAsString(zip.get());
        } else if (Generalization.isWholeNumber(v)) {
            p.setValueAsString(Generalization.age(Integer.parseInt(v.strip())));
        } else {
            p.setValueAsString(null);
        }
    }

    private static boolean inYears(Quantity q) {
        String code = q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : "a";
        return code.equals("a") || code.startsWith("yr") || code.startsWith("year");
    }
}
