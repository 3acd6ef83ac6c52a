package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * Topic {@link Topics#NOTES_FILED}: the signed note is in the EHR.
 *
 * @param schemaVersion      {@link #SCHEMA_VERSION} when produced
 * @param draftId            the draft id, also the record key
 * @param documentReferenceId the EHR's logical id of the filed DocumentReference
 * @param filedAt            when the EHR accepted it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NoteFiled(int schemaVersion, UUID draftId, String documentReferenceId, Instant filedAt) {

    public static final int SCHEMA_VERSION = 1;
}
