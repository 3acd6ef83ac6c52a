package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * Topic {@link Topics#NOTES_SIGNED}: a clinician signed a note; fhir-adapter files it. Tokens only.
 *
 * @param schemaVersion          {@link #SCHEMA_VERSION} when produced
 * @param draftId                the draft id, also the record key
 * @param vaultId                vault to re-identify the text through
 * @param signer                 user id (Keycloak subject) of the signing clinician
 * @param signerFhirUser         the clinician's {@code fhirUser} (e.g. {@code Practitioner/123}), null if unknown
 * @param patientRef             the patient reference as a vault token, as in {@link DraftReady}
 * @param encounterRef           the encounter reference as a vault token
 * @param noteType               LOINC code of the note type
 * @param purpose                purpose id the draft was made under
 * @param model                  lineage of the draft, for the EHR's Device and Provenance
 * @param finalPseudonymizedText the signed text, with tokens
 * @param signedAt               signature time
 * @param contentSha256          hex SHA-256 of the signed (pseudonymized) text, UTF-8
 * @param idempotencyKey         stable for one signature; fhir-adapter files at most once per key
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NoteSigned(
        int schemaVersion,
        UUID draftId,
        UUID vaultId,
        String signer,
        String signerFhirUser,
        String patientRef,
        String encounterRef,
        String noteType,
        String purpose,
        DraftReady.ModelLineage model,
        String finalPseudonymizedText,
        Instant signedAt,
        String contentSha256,
        String idempotencyKey) {

    public static final int SCHEMA_VERSION = 1;
}
