package org.signet.adapter.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /v1/context}: what scribe-service needs to draft one note.
 *
 * @param patient   {@code Patient/{id}} or the bare id
 * @param encounter {@code Encounter/{id}} or the bare id; must belong to the patient
 * @param purpose   purpose id, e.g. {@code progress-note}
 */
public record ContextRequest(
        @NotBlank @Pattern(regexp = "(Patient/)?[A-Za-z0-9\\-.]{1,64}") String patient,
        @NotBlank @Pattern(regexp = "(Encounter/)?[A-Za-z0-9\\-.]{1,64}") String encounter,
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String purpose) {

    public String patientId() {
        return patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
    }

    public String encounterId() {
        return encounter.startsWith("Encounter/") ? encounter.substring("Encounter/".length()) : encounter;
    }
}
