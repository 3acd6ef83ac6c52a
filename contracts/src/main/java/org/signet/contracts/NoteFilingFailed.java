package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * Topic {@link Topics#NOTES_FILING_FAILED}: filing failed. The reason is PHI-free.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when produced
 * @param draftId       the draft id, also the record key
 * @param reason        PHI-free explanation (e.g. an OperationOutcome's diagnostics with tokens only)
 * @param permanent     true when retrying cannot help (validation); false while fhir-adapter keeps retrying
 * @param attempts      filing attempts so far
 * @param failedAt      time of the last attempt
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NoteFilingFailed(
        int schemaVersion, UUID draftId, String reason, boolean permanent, int attempts, Instant failedAt) {

    public static final int SCHEMA_VERSION = 1;
}
