package org.signet.adapter.service;

import org.signet.adapter.purpose.PurposeRetention;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The minimum-necessary context for one draft.
 *
 * @param purpose        purpose id
 * @param purposeVersion the purpose version the context was read under (drafts record it)
 * @param purposeOfUse   HL7 v3 ActReason code
 * @param modelProviders providers allowed to serve this purpose
 * @param noteTypes      LOINC note types this purpose may produce
 * @param fieldsSent     every element path delivered, e.g. {@code Condition.code} (for the minimum-necessary report)
 * @param bundle         a FHIR R4 Bundle of type collection, JSON
 * @param retention      the purpose's retention where it differs from the defaults, or null
 */
public record ContextResponse(
        String purpose,
        int purposeVersion,
        String purposeOfUse,
        List<String> modelProviders,
        List<String> noteTypes,
        List<String> fieldsSent,
        ObjectNode bundle,
        PurposeRetention retention) {}
