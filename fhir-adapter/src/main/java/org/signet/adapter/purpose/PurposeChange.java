package org.signet.adapter.purpose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A new version of a purpose, as an admin submits it.
 *
 * @param id           purpose id (create only; ignored on update, where the path names it)
 * @param displayName  human name
 * @param purposeOfUse HL7 v3 ActReason code, e.g. {@code TREAT}
 * @param definition   note types, model providers, resource rules
 * @param changeNote   why (no PHI)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurposeChange(String id, String displayName, String purposeOfUse, PurposeDefinition definition,
        String changeNote) {}
