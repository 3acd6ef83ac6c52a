package org.signet.tokenization.pseudo;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Timing;
import org.signet.tokenization.detect.PhiType;

/**
 * Shifts date, dateTime, instant, and the dates in a Period or Timing by the vault's offset ({@link DateShift}).
 * A rule with a tokenType also puts the original date into the chart (e.g. the birth date), so free text that
 * mentions it is caught.
 */
final class DateShiftOperator implements ElementOperator {

    @Override
    public void apply(Base element, Application app) {
        PseudonymizationPass pass = app.pass();
        if (element instanceof BaseDateTimeType d) {
            shift(d, app);
        } else if (element instanceof Period p) {
            shift(p.getStartElement(), app);
            shift(p.getEndElement(), app);
        } else if (element instanceof Timing t) {
            for (DateTimeType e : t.getEvent()) {
                shift(e, app);
            }
        } else {
            throw app.cannotApply(Operator.DATE_SHIFT, element);
        }
        pass.markHandled(element);
    }

    private static void shift(BaseDateTimeType d, Application app) {
        PseudonymizationPass pass = app.pass();
        if (d == null || pass.isHandled(d) || !d.hasValue()) {
            return;
        }
        String original = d.getValueAsString();
        if (app.tokenType() != null) {
            pass.addChart(app.tokenType(), PhiType.DATE, original.length() > 10 ? original.substring(0, 10) : original);
        }
        d.setValueAsString(DateShift.shiftFhir(original, pass.issuer.dateShiftDays()));
        pass.markHandled(d);
    }
}
