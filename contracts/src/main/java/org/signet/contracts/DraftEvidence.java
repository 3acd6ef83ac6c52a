package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Locale;

/**
 * What a draft rests on, carried with it from scribe-service to signoff-service in {@link DraftReady}: the sources
 * (the pseudonymized transcript and the chart items of the context), each sentence's evidence, and the facts the
 * encounter holds, which the omission check compares with the note before it is signed. Tokens only, like the text.
 *
 * @param transcript the pseudonymized transcript the offsets of transcript sources refer to; empty when none
 * @param chart      the chart items the prompt showed
 * @param sentences  evidence of each claim-making sentence of {@link DraftReady#pseudonymizedText()}, in order
 * @param facts      what the encounter holds (problems, medications, allergies, procedures, vitals), negated ones
 *                   included and marked
 * @param headings   the note's section headings (structure, not claims), for re-aligning an edited text
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DraftEvidence(String transcript, List<ChartItem> chart, List<Sentence> sentences, List<Fact> facts,
        List<String> headings) {

    /**
     * One item of the chart context a draft may rest on, as the prompt shows it (tokens only).
     *
     * @param id           stable within one draft: {@code kind:resourceType/resourceId}
     * @param kind         problem, medication, allergy, vital, lab, procedure or encounter
     * @param resourceType FHIR resource type, e.g. {@code Condition}
     * @param resourceId   the resource's id in the EHR (ids are no PHI in Signet), null when it had none
     * @param element      the element the display comes from, e.g. {@code code} or {@code value}
     * @param display      the item as the prompt shows it, e.g. "Hypertension (since 4 years before this encounter)"
     * @param name         the coded concept alone, e.g. "Hypertension": what a note names it by
     * @param code         {@code system|code} of the concept when coded (RxNorm, SNOMED CT, LOINC), else null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChartItem(String id, String kind, String resourceType, String resourceId, String element,
            String display, String name, String code) {

        public static final String PROBLEM = "problem";
        public static final String MEDICATION = "medication";
        public static final String ALLERGY = "allergy";
        public static final String VITAL = "vital";
        public static final String LAB = "lab";
        public static final String PROCEDURE = "procedure";
        public static final String ENCOUNTER = "encounter";

        public static String idOf(String kind, String resourceType, String resourceId, int index) {
            return kind + ":" + resourceType + "/" + (resourceId == null ? "#" + index : resourceId);
        }
    }

    /**
     * Where a sentence comes from: a span of the pseudonymized transcript, or a chart item.
     *
     * @param type  {@code transcript} or {@code chart}
     * @param start transcript offset (inclusive), -1 for a chart item
     * @param end   transcript offset (exclusive), -1 for a chart item
     * @param item  the chart item's {@link ChartItem#id()}, null for a transcript span
     * @param score how much of the sentence this source covers, 0..1
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SourceRef(String type, int start, int end, String item, double score) {

        public static final String TRANSCRIPT = "transcript";
        public static final String CHART = "chart";

        public static SourceRef transcript(int start, int end, double score) {
            return new SourceRef(TRANSCRIPT, start, end, null, score);
        }

        public static SourceRef chart(String item, double score) {
            return new SourceRef(CHART, -1, -1, item, score);
        }
    }

    /**
     * One sentence of a draft and what it rests on.
     *
     * @param start     offset of the sentence in the draft text
     * @param end       end offset (exclusive)
     * @param supported whether its sources cover it above the threshold, with numbers, tokens and negation agreeing
     * @param score     the coverage of its best sources, 0..1
     * @param sources   its sources, best first; empty when nothing comes close
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sentence(int start, int end, boolean supported, double score, List<SourceRef> sources) {}

    /**
     * Something the encounter holds that a note should mention.
     *
     * @param kind    problem, medication, allergy, procedure or vital
     * @param name    how the source names it (tokens only): the chart's concept, or the transcript's words
     * @param source  {@code chart} or {@code transcript}
     * @param item    the chart item's id, null for a transcript mention
     * @param start   the mention's transcript offset, -1 for a chart fact
     * @param end     the mention's end offset (exclusive), -1 for a chart fact
     * @param negated said as absent ("denies chest pain", "stopped the naproxen"): never an omission
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fact(String kind, String name, String source, String item, int start, int end, boolean negated) {

        public static final String CHART = "chart";
        public static final String TRANSCRIPT = "transcript";

        /** Stable within one draft: what an acknowledgement names. */
        public String key() {
            return CHART.equals(source) ? item : kind + ":" + name.toLowerCase(Locale.ROOT);
        }
    }
}
