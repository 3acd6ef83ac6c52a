package org.signet.evidence;

/**
 * One item of the chart context a draft may rest on, as the prompt shows it (tokens only).
 *
 * @param id           stable within one draft: {@code kind:resourceType/resourceId}
 * @param kind         problem, medication, allergy, vital, lab, procedure, encounter or demographics
 * @param resourceType FHIR resource type, e.g. {@code Condition}
 * @param resourceId   the resource's id in the EHR (ids are no PHI in Signet), null when it had none
 * @param element      the element the display comes from, e.g. {@code code} or {@code value}
 * @param display      the item as the prompt shows it, e.g. "Hypertension (since 4 years before)"
 * @param name         the coded concept alone, e.g. "Hypertension": what a note names it by
 * @param code         system|code of the concept when coded (RxNorm, SNOMED CT, LOINC), else null
 */
public record ChartItem(String id, String kind, String resourceType, String resourceId, String element,
        String display, String name, String code) {

    public static final String PROBLEM = "problem";
    public static final String MEDICATION = "medication";
    public static final String ALLERGY = "allergy";
    public static final String VITAL = "vital";
    public static final String LAB = "lab";
    public static final String PROCEDURE = "procedure";
    public static final String ENCOUNTER = "encounter";
    public static final String DEMOGRAPHICS = "demographics";

    public static String idOf(String kind, String resourceType, String resourceId, int index) {
        return kind + ":" + resourceType + "/" + (resourceId == null ? "#" + index : resourceId);
    }
}
