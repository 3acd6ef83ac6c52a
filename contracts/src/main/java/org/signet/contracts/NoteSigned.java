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
 * @param review                 what the clinician reviewed before signing (schema 2): the evidence of the signed
 *                               text and each omission acknowledged; null from a producer of schema 1
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
        String idempotencyKey,
        Review review) {

    /** 2 added {@code review}. */
    public static final int SCHEMA_VERSION = 2;

    /**
     * The review behind a signature, for the note's Provenance and the audit.
     *
     * @param sentences          claim-making sentences of the signed text
     * @param supportedSentences those whose sources (transcript or chart) support them
     * @param evidenceShown      whether the signer had the evidence of this draft shown before signing
     * @param omissions          every answer the signer gave to the omission check, in the order given
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Review(int sentences, int supportedSentences, boolean evidenceShown,
            java.util.List<OmissionDecision> omissions) {}

    /**
     * The signer's answer to one omission: the encounter held it, the note did not mention it.
     *
     * @param key      the fact's key ({@link DraftEvidence.Fact#key()})
     * @param kind     problem, medication, allergy, procedure or vital
     * @param name     the fact as its source names it (tokens only)
     * @param decision {@code added} (the clinician put it in the note) or {@code not-relevant}
     * @param decidedAt when the clinician answered
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OmissionDecision(String key, String kind, String name, String decision, Instant decidedAt) {

        public static final String ADDED = "added";
        public static final String NOT_RELEVANT = "not-relevant";
    }
}
