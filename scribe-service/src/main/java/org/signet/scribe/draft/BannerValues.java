package org.signet.scribe.draft;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The raw values the review banner identifies a note by: the patient's birth date and medical record number, and
 * the encounter's start date, as the chart context gives them. Raw PHI: read in memory, handed to the vault, never
 * kept or logged.
 */
final class BannerValues {

    static final String IDENTIFIER_TYPES = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private BannerValues() {
    }

    /** {birth date, MRN, encounter date}, each null when the context has none. */
    static String[] of(JsonNode bundleJson) {
        String[] out = new String[3];
        if (bundleJson == null || bundleJson.isNull()) {
            return out;
        }
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, bundleJson.toString());
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource instanceof Patient p && out[0] == null) {
                out[0] = p.hasBirthDate() ? p.getBirthDateElement().getValueAsString() : null;
                out[1] = p.getIdentifier().stream().filter(BannerValues::isMrn).map(Identifier::getValue)
                        .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
            } else if (resource instanceof Encounter e && out[2] == null && e.getPeriod().hasStart()) {
                String start = e.getPeriod().getStartElement().getValueAsString();
                out[2] = start.length() > 10 ? start.substring(0, 10) : start;
            }
        }
        return out;
    }

    /** A medical record number: typed MR (HL7 v2 table 0203), as US Core and Synthea type it. */
    private static boolean isMrn(Identifier identifier) {
        return identifier.getType().getCoding().stream()
                .anyMatch(c -> IDENTIFIER_TYPES.equals(c.getSystem()) && "MR".equals(c.getCode()));
    }
}
