package org.signet.adapter.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resource types a purpose may read, with the R4 search parameters the adapter sets itself: how the patient is
 * named, and which date a look-back window filters on (R4 names: Condition has no {@code date}, MedicationRequest
 * uses {@code authoredon}).
 */
public final class ReadableTypes {

    /** type → date search parameter used for look-back; absent when the type has no look-back. */
    private static final Map<String, String> DATE_PARAM = Map.of(
            "Encounter", "date",
            "Condition", "recorded-date",
            "MedicationRequest", "authoredon",
            "AllergyIntolerance", "date",
            "Observation", "date",
            "Procedure", "date",
            "DocumentReference", "date");

    public static final Set<String> TYPES = Set.of("Patient", "Encounter", "Condition", "MedicationRequest",
            "AllergyIntolerance", "Observation", "Procedure", "DocumentReference");

    /** Parameters the adapter sets per request; a purpose's fixed search may not set or override them. */
    public static final Set<String> RESERVED_PARAMS = Set.of("patient", "subject", "_id", "_elements", "_count",
            "_sort", "_summary", "_include", "_revinclude", "_has", "_format");

    private ReadableTypes() {}

    public static boolean readable(String type) {
        return TYPES.contains(type);
    }

    public static Optional<String> dateParam(String type) {
        return Optional.ofNullable(DATE_PARAM.get(type));
    }

    /** The search parameter naming the patient; {@code _id} for Patient itself. */
    public static String patientParam(String type) {
        return "Patient".equals(type) ? "_id" : "patient";
    }
}
