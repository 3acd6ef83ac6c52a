package org.signet.scribe.provider;

import jakarta.enterprise.context.ApplicationScoped;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.Prompt;

/**
 * A deterministic drafter with no language model: assembles the template's sections from the pseudonymized chart
 * context and transcript sentences classified by section. The embedded default; its drafts say they are not
 * AI-generated in their lineage.
 */
@ApplicationScoped
public class ExtractiveDrafter implements DraftModel {

    static final String MODEL = "signet-extractive";
    static final String VERSION = "1";

    private static final Pattern SPEAKER = Pattern.compile("^(?:doctor|dr|clinician|provider|patient|pt|nurse|rn)\\s*:\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OBJECTIVE = Pattern.compile("\\b(exam|examination|auscultation|palpat|tender|"
            + "lungs?|heart|abdomen|bp|blood pressure|pulse|heart rate|temp|temperature|spo2|saturation|"
            + "respiratory rate|weight|afebrile|swelling|rash|murmur|clear)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASSESSMENT = Pattern.compile("\\b(assessment|impression|likely|consistent with|"
            + "diagnos|suspect|probabl|differential|rule out|appears)\\w*", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAN = Pattern.compile("\\b(plan|will|start|stop|continue|increase|decrease|"
            + "prescrib|order|refer|follow[- ]?up|return|schedule|recheck|advise|recommend)\\w*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUESTION = Pattern.compile("\\?\\s*$");

    @Override
    public String kind() {
        return "extractive";
    }

    @Override
    public ModelOutput draft(ModelProvider provider, Prompt prompt, ClinicalContext context, String transcript) {
        Map<String, List<String>> bySection = classify(transcript);
        StringBuilder note = new StringBuilder();
        List<String> headings = prompt.template().sections();
        for (String heading : headings) {
            note.append(heading).append('\n');
            List<String> lines = linesFor(heading.toLowerCase(Locale.ROOT), bySection, context);
            if (lines.isEmpty()) {
                note.append("Not discussed.\n");
            } else {
                lines.forEach(line -> note.append(line).append('\n'));
            }
            note.append('\n');
        }
        String text = note.toString().strip();
        return new ModelOutput(text, MODEL, VERSION, wordCount(prompt.fullText()), wordCount(text), false);
    }

    private static List<String> linesFor(String heading, Map<String, List<String>> sentences,
            ClinicalContext context) {
        List<String> lines = new ArrayList<>();
        if (heading.contains("subjective") || heading.contains("history of present") || heading.contains("complaint")
                || heading.contains("reason")) {
            lines.addAll(sentences.get("subjective"));
        } else if (heading.contains("objective") || heading.contains("examination") || heading.contains("findings")) {
            lines.addAll(sentences.get("objective"));
            context.vitals().forEach(v -> lines.add("Vital sign: " + v));
            context.labs().forEach(v -> lines.add("Result: " + v));
        } else if (heading.contains("assessment") || heading.contains("impression") || heading.contains("diagnos")) {
            lines.addAll(sentences.get("assessment"));
            context.problems().forEach(p -> lines.add("Known problem: " + p));
        } else if (heading.contains("plan") || heading.contains("recommendation") || heading.contains("follow")) {
            lines.addAll(sentences.get("plan"));
        } else if (heading.contains("medication")) {
            context.medications().forEach(m -> lines.add("- " + m));
        } else if (heading.contains("allerg")) {
            context.allergies().forEach(a -> lines.add("- " + a));
        } else if (heading.contains("past medical") || heading.contains("hospital course")) {
            context.problems().forEach(p -> lines.add("- " + p));
            context.procedures().forEach(p -> lines.add("- Procedure: " + p));
        }
        return lines;
    }

    /** Transcript sentences by SOAP section; questions (the clinician asking) are left out. */
    static Map<String, List<String>> classify(String transcript) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (String section : List.of("subjective", "objective", "assessment", "plan")) {
            sections.put(section, new ArrayList<>());
        }
        if (transcript == null) {
            return sections;
        }
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.US);
        for (String line : transcript.split("\\R")) {
            String text = SPEAKER.matcher(line.strip()).replaceFirst("");
            sentences.setText(text);
            for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE;
                    start = end, end = sentences.next()) {
                String sentence = text.substring(start, end).strip();
                if (sentence.length() < 3 || QUESTION.matcher(sentence).find()) {
                    continue;
                }
                String section = PLAN.matcher(sentence).find() ? "plan"
                        : ASSESSMENT.matcher(sentence).find() ? "assessment"
                        : OBJECTIVE.matcher(sentence).find() ? "objective" : "subjective";
                sections.get(section).add(sentence);
            }
        }
        return sections;
    }

    private static int wordCount(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
}
