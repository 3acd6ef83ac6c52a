package org.signet.scribe.provider;

import java.util.List;
import org.signet.contracts.DraftEvidence.Sentence;

/**
 * What a model returned, with the lineage the draft records.
 *
 * @param aiGenerated false for the deterministic structured drafter
 * @param evidence    the sources of each sentence when the drafter knows them (the structured drafter, by
 *                    construction), else null: the pipeline aligns the text afterwards
 */
public record ModelOutput(String text, String modelName, String modelVersion, int promptTokens, int completionTokens,
        boolean aiGenerated, List<Sentence> evidence) {

    /** A model's output, whose evidence is found afterwards. */
    public ModelOutput(String text, String modelName, String modelVersion, int promptTokens, int completionTokens,
            boolean aiGenerated) {
        this(text, modelName, modelVersion, promptTokens, completionTokens, aiGenerated, null);
    }
}
