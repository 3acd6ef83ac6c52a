package org.signet.scribe.provider;

import jakarta.enterprise.context.ApplicationScoped;
import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.Prompt;
import org.signet.scribe.provider.structured.StructuredNote;

/**
 * The default drafter, needing no model: a template draft ({@link StructuredNote}) with every sentence linked to its
 * source. Its provider kind stays {@code extractive}, the id purposes and providers already name; its lineage says
 * {@value #MODEL}, not AI-generated, and the review screen labels it a template draft.
 */
@ApplicationScoped
public class StructuredDrafter implements DraftModel {

    public static final String MODEL = "signet-structured";
    static final String VERSION = "2";

    @Override
    public String kind() {
        return "extractive";
    }

    @Override
    public ModelOutput draft(ModelProvider provider, Prompt prompt, ClinicalContext context, String transcript) {
        StructuredNote.Draft draft = StructuredNote.draft(prompt.template().sections(), context, transcript);
        return new ModelOutput(draft.text(), MODEL, VERSION, wordCount(prompt.fullText()), wordCount(draft.text()),
                false, draft.evidence());
    }

    private static int wordCount(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
}
