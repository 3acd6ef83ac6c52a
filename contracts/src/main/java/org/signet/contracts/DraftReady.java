package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * Topic {@link Topics#DRAFTS_READY}: scribe-service produced a draft. Every text field carries tokens only.
 *
 * @param schemaVersion     {@link #SCHEMA_VERSION} when produced; consumers ignore unknown fields
 * @param draftId           the draft job id, also the record key
 * @param vaultId           the tokenization vault the draft's tokens belong to
 * @param requestedBy       user id (Keycloak subject) of the clinician the draft is assigned to
 * @param patientRef        the patient reference as a token, e.g. {@code [[PATIENT_REF_1]]}
 * @param patientDisplay    the patient's name as a token, e.g. {@code [[PATIENT_NAME_1]]}, for the queue to
 *                          show once re-identified; null when the chart had no name
 * @param encounterRef      the encounter reference as a token
 * @param noteType          LOINC code of the note type, e.g. {@code 11506-3}
 * @param purpose           purpose id, e.g. {@code progress-note}
 * @param purposeVersion    version of the purpose the context was read under
 * @param model             lineage: provider, model and prompt template
 * @param pseudonymizedText the draft text with tokens in place of identifiers
 * @param createdAt         when the draft was stored
 * @param reviewDays        how many days the draft may wait for review before it expires, from its purpose's
 *                          retention; null when the purpose sets none (the sign-off queue's default applies)
 * @param evidence          what each sentence rests on and what the encounter holds (schema 2); null from a
 *                          producer of schema 1, and the review screen then shows no evidence
 * @param banner            the patient's second identifiers and the encounter, for the review screen's banner
 *                          (schema 2); null from a producer of schema 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DraftReady(
        int schemaVersion,
        UUID draftId,
        UUID vaultId,
        String requestedBy,
        String patientRef,
        String patientDisplay,
        String encounterRef,
        String noteType,
        String purpose,
        int purposeVersion,
        ModelLineage model,
        String pseudonymizedText,
        Instant createdAt,
        Integer reviewDays,
        DraftEvidence evidence,
        PatientBanner banner) {

    /** 2 added {@code evidence} and {@code banner}. */
    public static final int SCHEMA_VERSION = 2;

    /**
     * What the review screen shows beside the patient's name, as patient-safety practice asks (two identifiers, and
     * the encounter the note is for). Identifying values are vault tokens, re-identified for the clinician only.
     *
     * @param birthDate     the patient's birth date as a token, e.g. {@code [[BIRTH_DATE_1]]}; null when unknown
     * @param mrn           the medical record number as a token; null when the chart gives none
     * @param encounterDate the encounter's start date as a token; null when unknown
     * @param encounterType the encounter's type as the chart context shows it (no identifier), or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PatientBanner(String birthDate, String mrn, String encounterDate, String encounterType) {}

    /**
     * Which model wrote the draft and from which template.
     *
     * @param providerId             id of the model provider configured in scribe-service
     * @param modelName              model name as the provider reports it
     * @param modelVersion           model version
     * @param promptTemplateId       template id, e.g. {@code progress-note-soap}
     * @param promptTemplateVersion  template version
     * @param aiGenerated            false for the deterministic template drafter
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModelLineage(
            String providerId,
            String modelName,
            String modelVersion,
            String promptTemplateId,
            int promptTemplateVersion,
            boolean aiGenerated) {}
}
