package org.signet.adapter.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * An admin records an opt-out.
 *
 * @param patient     {@code Patient/{id}} or the bare id
 * @param scope       ALL, or PURPOSES with {@code purposes}
 * @param purposes    purpose ids (scope PURPOSES)
 * @param periodStart from when (default now)
 * @param periodEnd   until when (open-ended when absent)
 * @param reason      why, as the patient gave it (required; kept in the registry, never audited or logged)
 */
public record OptOutRequest(
        @NotBlank @Pattern(regexp = "(Patient/)?[A-Za-z0-9\\-.]{1,64}") String patient,
        @NotNull ConsentOptOut.Scope scope,
        List<@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String> purposes,
        Instant periodStart,
        Instant periodEnd,
        @NotBlank @Size(max = 1000) String reason) {

    public String patientRef() {
        return patient.startsWith("Patient/") ? patient : "Patient/" + patient;
    }
}
