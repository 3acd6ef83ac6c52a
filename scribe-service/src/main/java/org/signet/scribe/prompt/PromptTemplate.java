package org.signet.scribe.prompt;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One version of the instructions for one note type. Loaded from YAML; see {@code templates/}. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PromptTemplate(String id, int version, String noteType, String title, List<String> sections,
        String system, List<String> rules) {

    public PromptTemplate {
        if (id == null || id.isBlank() || version < 1 || noteType == null || sections == null || sections.isEmpty()
                || system == null || rules == null) {
            throw new IllegalArgumentException("template " + id + " needs id, version ≥ 1, noteType, sections, "
                    + "system and rules");
        }
        sections = List.copyOf(sections);
        rules = List.copyOf(rules);
    }
}
