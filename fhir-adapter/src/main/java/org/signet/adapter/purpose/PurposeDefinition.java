package org.signet.adapter.purpose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The rules of one purpose version (stored as one JSON object).
 *
 * @param noteTypes      LOINC codes of the note types this purpose may produce
 * @param modelProviders ids of the model providers allowed to serve it (scribe-service enforces)
 * @param resourceRules  what may be read, per resource type
 * @param retention      how long its drafts' traces are kept where it differs from the defaults; null for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurposeDefinition(List<String> noteTypes, List<String> modelProviders, List<ResourceRule> resourceRules,
        PurposeRetention retention) {}
