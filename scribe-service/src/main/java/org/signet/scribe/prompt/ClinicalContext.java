package org.signet.scribe.prompt;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.signet.contracts.DraftEvidence.ChartItem;

/**
 * The chart context a prompt shows, read from the pseudonymized Bundle: codes and values, tokens for names, and
 * times relative to the encounter (the vault's date shift preserves intervals, so relative times are true while
 * absolute ones are not). Resource ids and references stay out of the prompt (identifiers too); each line is kept
 * as a {@link ChartItem} with its resource id, so a draft's sentences can name the chart item they rest on.
 */
public record ClinicalContext(
        String patientName,
        String sex,
        String age,
        String encounter,
        List<ChartItem> items) {

    /** Everything but the encounter: what the prompt lists. */
    public List<String> problems() {
        return displays(ChartItem.PROBLEM);
    }

    public List<String> medications() {
        return displays(ChartItem.MEDICATION);
    }

    public List<String> allergies() {
        return displays(ChartItem.ALLERGY);
    }

    public List<String> vitals() {
        return displays(ChartItem.VITAL);
    }

    public List<String> labs() {
        return displays(ChartItem.LAB);
    }

    public List<String> procedures() {
        return displays(ChartItem.PROCEDURE);
    }

    /** The items of one kind, in chart order. */
    public List<ChartItem> items(String kind) {
        return items.stream().filter(i -> i.kind().equals(kind)).toList();
    }

    private List<String> displays(String kind) {
        return items.stream().filter(i -> i.kind().equals(kind)).map(ChartItem::display).toList();
    }

    public static ClinicalContext fromPseudonymizedBundle(String bundleJson) {
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, bundleJson);
        List<Resource> resources = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r != null).toList();
        Optional<Encounter> encounter = first(resources, Encounter.class);
        LocalDate anchor = encounter.filter(e -> e.getPeriod().hasStart())
                .map(e -> day(e.getPeriod().getStart())).orElse(null);
        Optional<Patient> patient = first(resources, Patient.class);

        List<ChartItem> items = new ArrayList<>();
        encounter.ifPresent(e -> {
            CodeableConcept type = e.getTypeFirstRep();
            String name = type.isEmpty() ? e.getClass_().getDisplay() : text(type);
            String reason = e.getReasonCode().stream().map(ClinicalContext::text).collect(Collectors.joining(", "));
            if (name != null) {
                items.add(item(ChartItem.ENCOUNTER, e, "type", name + (reason.isEmpty() ? "" : " (reason: " + reason
                        + ")"), name, type.isEmpty() ? null : type, 0));
            }
        });
        for (Resource resource : resources) {
            int index = items.size();
            if (resource instanceof Condition c) {
                String name = text(c.getCode());
                items.add(item(ChartItem.PROBLEM, c, "code", name + when(c.hasOnsetDateTimeType()
                        ? c.getOnsetDateTimeType().getValue() : c.getRecordedDate(), anchor, "since "), name,
                        c.getCode(), index));
            } else if (resource instanceof MedicationRequest m) {
                String dose = m.getDosageInstruction().stream().map(d -> d.getText()).filter(t -> t != null)
                        .collect(Collectors.joining("; "));
                String name = text(m.getMedicationCodeableConcept());
                items.add(item(ChartItem.MEDICATION, m, "medication", name + (dose.isEmpty() ? "" : " — " + dose),
                        name, m.getMedicationCodeableConcept(), index));
            } else if (resource instanceof AllergyIntolerance a) {
                String reactions = a.getReaction().stream().flatMap(r -> r.getManifestation().stream())
                        .map(ClinicalContext::text).collect(Collectors.joining(", "));
                String name = text(a.getCode());
                items.add(item(ChartItem.ALLERGY, a, "code", name + (reactions.isEmpty() ? ""
                        : " (reaction: " + reactions + ")"), name, a.getCode(), index));
            } else if (resource instanceof Observation o) {
                String name = text(o.getCode());
                String line = name + ": " + value(o) + when(o.hasEffectiveDateTimeType()
                        ? o.getEffectiveDateTimeType().getValue() : null, anchor, "");
                boolean vital = o.getCategory().stream().flatMap(cat -> cat.getCoding().stream())
                        .anyMatch(coding -> "vital-signs".equals(coding.getCode()));
                items.add(item(vital ? ChartItem.VITAL : ChartItem.LAB, o, "value", line, name, o.getCode(), index));
            } else if (resource instanceof Procedure p) {
                String name = text(p.getCode());
                items.add(item(ChartItem.PROCEDURE, p, "code", name + when(p.hasPerformedDateTimeType()
                        ? p.getPerformedDateTimeType().getValue() : null, anchor, ""), name, p.getCode(), index));
            }
        }
        return new ClinicalContext(
                patient.filter(p -> p.hasName()).map(p -> p.getNameFirstRep().getText()).orElse(null),
                patient.filter(Patient::hasGender).map(p -> p.getGender().getDisplay()).orElse(null),
                patient.filter(Patient::hasBirthDate).map(p -> age(day(p.getBirthDate()), anchor)).orElse(null),
                encounter.map(e -> e.getTypeFirstRep().isEmpty() ? e.getClass_().getDisplay()
                        : text(e.getTypeFirstRep())).orElse(null),
                List.copyOf(items));
    }

    private static ChartItem item(String kind, Resource resource, String element, String display, String name,
            CodeableConcept concept, int index) {
        String id = resource.getIdElement().getIdPart();
        String type = resource.fhirType();
        String code = concept == null ? null : concept.getCoding().stream().filter(c -> c.hasCode())
                .map(c -> (c.hasSystem() ? c.getSystem() : "") + "|" + c.getCode()).findFirst().orElse(null);
        return new ChartItem(ChartItem.idOf(kind, type, id, index), kind, type, id, element, display, name, code);
    }

    /** The context as the prompt's chart section. */
    public String render() {
        StringBuilder out = new StringBuilder();
        line(out, "Patient", patientName);
        line(out, "Sex", sex);
        line(out, "Age", age);
        line(out, "Encounter", encounter);
        list(out, "Active problems", problems());
        list(out, "Active medications", medications());
        list(out, "Allergies", allergies());
        list(out, "Vital signs", vitals());
        list(out, "Laboratory results", labs());
        list(out, "Procedures", procedures());
        return out.toString().strip();
    }

    private static void line(StringBuilder out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.append(label).append(": ").append(value).append('\n');
        }
    }

    private static void list(StringBuilder out, String label, List<String> values) {
        out.append(label).append(':');
        if (values.isEmpty()) {
            out.append(" none recorded\n");
            return;
        }
        out.append('\n');
        values.forEach(v -> out.append("- ").append(v).append('\n'));
    }

    private static <T> Optional<T> first(List<Resource> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    private static String text(CodeableConcept concept) {
        if (concept == null || concept.isEmpty()) {
            return "(uncoded)";
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
                .filter(t -> t != null).findFirst().orElse("(uncoded)");
    }

    private static String value(Observation o) {
        Type value = o.getValue();
        if (value instanceof Quantity q) {
            return number(q.getValue()) + (q.hasUnit() ? " " + q.getUnit() : "");
        }
        if (value instanceof CodeableConcept c) {
            return text(c);
        }
        if (o.hasComponent()) {
            return o.getComponent().stream().filter(c -> c.getValue() instanceof Quantity)
                    .map(c -> text(c.getCode()) + " " + number(((Quantity) c.getValue()).getValue())
                            + (((Quantity) c.getValue()).hasUnit()
                            ? " " + ((Quantity) c.getValue()).getUnit() : ""))
                    .collect(Collectors.joining(", "));
        }
        return value == null ? "(no value)" : value.primitiveValue();
    }

    /** A measured value as a chart shows it: at most two decimals ("0.9008562552602846" is 0.9). */
    private static String number(java.math.BigDecimal value) {
        java.math.BigDecimal v = value.scale() > 2 ? value.setScale(2, java.math.RoundingMode.HALF_UP) : value;
        return v.stripTrailingZeros().toPlainString();
    }

    private static LocalDate day(Date date) {
        return date.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** "3 days before this encounter", from two shifted dates: their interval is real. */
    private static String when(Date date, LocalDate anchor, String prefix) {
        if (date == null || anchor == null) {
            return "";
        }
        long days = ChronoUnit.DAYS.between(day(date), anchor);
        String relative;
        if (days == 0) {
            relative = "on the day of this encounter";
        } else if (Math.abs(days) < 60) {
            relative = Math.abs(days) + (Math.abs(days) == 1 ? " day " : " days ")
                    + (days > 0 ? "before" : "after") + " this encounter";
        } else {
            long months = Math.abs(ChronoUnit.MONTHS.between(day(date), anchor));
            relative = months < 24 ? months + " months " + (days > 0 ? "before" : "after") + " this encounter"
                    : (months / 12) + " years " + (days > 0 ? "before" : "after") + " this encounter";
        }
        return " (" + prefix + relative + ")";
    }

    /** Age at the encounter; over 89 is "90+" (Safe Harbor). */
    private static String age(LocalDate birth, LocalDate anchor) {
        LocalDate at = anchor == null ? LocalDate.now(ZoneOffset.UTC) : anchor;
        long years = ChronoUnit.YEARS.between(birth, at);
        return years > 89 ? "90+" : String.valueOf(years);
    }
}
