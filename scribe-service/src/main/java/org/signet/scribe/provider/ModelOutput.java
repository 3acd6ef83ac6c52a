package org.signet.scribe.provider;

/**
 * What a model returned, with the lineage the draft records.
 *
 * @param aiGenerated false for the deterministic extractive drafter
 */
public record ModelOutput(String text, String modelName, String modelVersion, int promptTokens, int completionTokens,
        boolean aiGenerated) {}
