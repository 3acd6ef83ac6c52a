package org.signet.scribe.provider;

import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.Prompt;

/** One kind of model provider. Implementations block; the draft pipeline runs them on a worker thread. */
public interface DraftModel {

    /** The provider kind it serves, e.g. {@code openai-compatible}. */
    String kind();

    /**
     * @param prompt     the guarded, pseudonymized prompt
     * @param context    the same context, structured (the extractive drafter assembles from it)
     * @param transcript the pseudonymized transcript
     */
    ModelOutput draft(ModelProvider provider, Prompt prompt, ClinicalContext context, String transcript);
}
