package org.signet.scribe.prompt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.signet.scribe.config.ScribeConfig;

/** The prompt templates by LOINC note type, loaded and validated once at start. */
@ApplicationScoped
public class PromptTemplates {

    static final List<String> SHIPPED = List.of("progress-note-soap", "consult-note", "history-and-physical",
            "discharge-summary");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, PromptTemplate> byNoteType = new HashMap<>();

    public PromptTemplates(ScribeConfig config) {
        if (config.templatesDir().isPresent()) {
            loadDirectory(Path.of(config.templatesDir().get()));
        } else {
            for (String name : SHIPPED) {
                try (InputStream in = PromptTemplates.class.getResourceAsStream("/templates/" + name + ".yaml")) {
                    add(YAML.readValue(in, PromptTemplate.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read template " + name, e);
                }
            }
        }
    }

    private void loadDirectory(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                add(YAML.readValue(file.toFile(), PromptTemplate.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read templates in " + directory, e);
        }
        if (byNoteType.isEmpty()) {
            throw new IllegalStateException("no prompt templates in " + directory);
        }
    }

    private void add(PromptTemplate template) {
        PromptTemplate previous = byNoteType.put(template.noteType(), template);
        if (previous != null) {
            throw new IllegalStateException("two templates for note type " + template.noteType() + ": "
                    + previous.id() + " and " + template.id());
        }
    }

    public Optional<PromptTemplate> forNoteType(String noteType) {
        return Optional.ofNullable(byNoteType.get(noteType));
    }
}
