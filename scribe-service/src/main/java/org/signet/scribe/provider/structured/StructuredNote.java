package org.signet.scribe.provider.structured;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.signet.contracts.DraftEvidence.ChartItem;
import org.signet.contracts.DraftEvidence.Fact;
import org.signet.contracts.DraftEvidence.Sentence;
import org.signet.contracts.DraftEvidence.SourceRef;
import org.signet.evidence.EncounterFacts;
import org.signet.evidence.EvidenceAligner;
import org.signet.evidence.TranscriptUnits;
import org.signet.evidence.TranscriptUnits.Speaker;
import org.signet.evidence.TranscriptUnits.Unit;
import org.signet.scribe.prompt.ClinicalContext;

/**
 * A note drafted without a model: the template's sections, filled from the visit and the chart. What the patient
 * said becomes reported speech in the third person, the clinician's questions and short answers become what was
 * reported or denied, the clinician's exam, impression and plan go to their sections, and chart data goes where it
 * belongs (active problems, medications, allergies, recent vitals and results with times relative to the
 * encounter). Every sentence knows its source by construction; the aligner then checks each one against that source
 * (a transformation that lost its ground shows as unsupported, never hidden).
 */
public final class StructuredNote {

    /** What a section of any note type holds. */
    enum Role { COMPLAINT, HISTORY, PAST_HISTORY, MEDICATIONS, ALLERGIES, EXAM, ASSESSMENT, PLAN, COURSE, OTHER }

    /** A drafted note: its text and the evidence of each sentence, in order. */
    public record Draft(String text, List<Sentence> evidence) {}

    private static final Pattern PLAN = Pattern.compile("(?i)\\b(?:i'll|we'll|i will|we will|let's|let us|going to|gonna|"
            + "i'd like|i would like|"
            + "start|stop|continue|increase|decrease|prescrib\\w*|order\\w*|refer\\w*|follow[- ]?up|come back|"
            + "return|schedule|recheck|repeat|advise|recommend|want you to|need you to|you should|make sure|"
            + "you can take|you can try|take|try)\\b");
    private static final Pattern IMPRESSION = Pattern.compile("(?i)\\b(?:i think|i suspect|probably|likely|"
            + "looks like|sounds like|consistent with|suggests?|seems|appears|diagnos\\w*|impression)\\b");
    private static final Pattern FINDING = Pattern.compile("(?i)\\b(?:exam|lungs?|heart|abdomen|belly|tender\\w*|"
            + "clear|swelling|swollen|edema|rash|murmur|blood pressure|bp|pulse|heart rate|temperature|temp|oxygen|"
            + "saturation|weight|weigh|pupils|throat|ears?|reflexes|range of motion|sounds?|wheez\\w*|crackles|"
            + "normal|abnormal|showed|shows|result\\w*|level|ejection fraction|x-ray|scan|labs?)\\b");
    private static final Pattern SMALL_TALK = Pattern.compile("(?i)^(?:hi|hello|good (?:morning|afternoon|evening)|"
            + "thanks?|thank you|you're welcome|okay|ok|alright|all right|sure|great|sounds good|see you|bye|goodbye|"
            + "nice to (?:see|meet) you|how are you|take care|perfect|got it|mm-hmm|uh-huh)\\b.{0,30}$");

    private final String transcript;
    private final List<Unit> units;
    private final ClinicalContext context;
    private final Map<Role, List<Line>> lines = new EnumMap<>(Role.class);

    /** One sentence and where it comes from. */
    private record Line(String text, List<SourceRef> sources) {}

    private StructuredNote(String transcript, ClinicalContext context) {
        this.transcript = transcript == null ? "" : transcript;
        this.units = TranscriptUnits.of(this.transcript);
        this.context = context;
        for (Role role : Role.values()) {
            lines.put(role, new ArrayList<>());
        }
    }

    /** Drafts the note for {@code sections} (the template's headings, in order). */
    public static Draft draft(List<String> sections, ClinicalContext context, String transcript) {
        StructuredNote note = new StructuredNote(transcript, context);
        note.fromTranscript();
        note.fromChart(sections);
        return note.render(sections);
    }

    private void fromTranscript() {
        for (Unit u : units) {
            String said = transcript.substring(u.start(), u.answerStart() >= 0 ? u.answerStart() : u.end()).strip();
            List<SourceRef> source = List.of(SourceRef.transcript(u.start(), u.end(), 1.0));
            if (u.answerStart() >= 0) {
                questionAndAnswer(u, source);
                continue;
            }
            if (u.question() || SMALL_TALK.matcher(said).matches() || contentWords(said) < 2) {
                continue;
            }
            if (u.speaker() == Speaker.CLINICIAN) {
                if (PLAN.matcher(said).find()) {
                    add(Role.PLAN, ReportedSpeech.plan(said), source);
                } else if (IMPRESSION.matcher(said).find()) {
                    add(Role.ASSESSMENT, ReportedSpeech.impression(said), source);
                } else if (FINDING.matcher(said).find()) {
                    add(Role.EXAM, ReportedSpeech.finding(said), source);
                } else {
                    // anything else the clinician says that names a medication, procedure or problem is kept: a
                    // drug or test goes with the plan, a problem with the history
                    List<Fact> named = EncounterFacts.of(transcript, List.of(u), List.of()).stream()
                            .filter(f -> !f.negated() && !f.kind().equals(ChartItem.VITAL)).toList();
                    if (named.stream().anyMatch(f -> !f.kind().equals(ChartItem.PROBLEM))) {
                        add(Role.PLAN, ReportedSpeech.finding(said), source);
                    } else if (!named.isEmpty()) {
                        add(Role.HISTORY, ReportedSpeech.finding(said), source);
                    }
                }
            } else {
                String reported = ReportedSpeech.patient(said);
                add(Role.HISTORY, reported, source);
                if (lines.get(Role.COMPLAINT).isEmpty() && reported != null && mentionsProblem(u)) {
                    add(Role.COMPLAINT, reported, source);
                }
            }
        }
    }

    /** "Any chest pain?" + "No." → "Denies chest pain."; a yes reports what was asked about. */
    private void questionAndAnswer(Unit u, List<SourceRef> source) {
        List<Fact> asked = EncounterFacts.of(transcript, List.of(u), List.of()).stream()
                .filter(f -> !f.kind().equals(ChartItem.VITAL)).toList();
        if (asked.isEmpty()) {
            String answer = transcript.substring(u.answerStart(), u.end());
            if (contentWords(answer) >= 2) {
                add(Role.HISTORY, ReportedSpeech.patient(answer), source);
            }
            return;
        }
        List<String> names = asked.stream().map(Fact::name).distinct().toList();
        boolean denied = asked.stream().allMatch(Fact::negated);
        add(Role.HISTORY, (denied ? "Denies " : "Reports ") + String.join(", ", names) + ".", source);
    }

    private boolean mentionsProblem(Unit u) {
        return EncounterFacts.of(transcript, List.of(u), List.of()).stream()
                .anyMatch(f -> f.kind().equals(ChartItem.PROBLEM) && !f.negated());
    }

    private void fromChart(List<String> sections) {
        boolean hasMedicationSection = sections.stream().anyMatch(s -> role(s) == Role.MEDICATIONS);
        boolean hasAllergySection = sections.stream().anyMatch(s -> role(s) == Role.ALLERGIES);
        boolean hasPastSection = sections.stream().anyMatch(s -> role(s) == Role.PAST_HISTORY);
        if (lines.get(Role.COMPLAINT).isEmpty() || context.items(ChartItem.ENCOUNTER).stream()
                .anyMatch(i -> i.display().contains("reason: "))) {
            lines.get(Role.COMPLAINT).clear(); // the encounter's own reason, when the chart gives one, comes first
            context.items(ChartItem.ENCOUNTER).forEach(i -> chart(Role.COMPLAINT, "Encounter: " + i.display() + ".",
                    List.of(i)));
        }
        chartLines(hasMedicationSection ? Role.MEDICATIONS : Role.HISTORY, "Active medication: ", ChartItem.MEDICATION);
        chartLines(hasAllergySection ? Role.ALLERGIES : Role.HISTORY, "Allergy: ", ChartItem.ALLERGY);
        chartLines(Role.EXAM, "Vital sign: ", ChartItem.VITAL);
        chartLines(Role.EXAM, "Result: ", ChartItem.LAB);
        chartLines(hasPastSection ? Role.PAST_HISTORY : Role.ASSESSMENT, "Active problem: ", ChartItem.PROBLEM);
        chartLines(hasPastSection ? Role.PAST_HISTORY : Role.EXAM, "Procedure: ", ChartItem.PROCEDURE);
    }

    /**
     * One line per distinct item of a kind: the same procedure done at every visit is one line naming how often,
     * linked to each of its chart items.
     */
    private void chartLines(Role role, String label, String kind) {
        Map<String, List<ChartItem>> byDisplay = new java.util.LinkedHashMap<>();
        for (ChartItem i : context.items(kind)) {
            byDisplay.computeIfAbsent(i.display(), k -> new ArrayList<>()).add(i);
        }
        byDisplay.forEach((display, same) -> chart(role, label + display
                + (same.size() > 1 ? " (" + same.size() + " times)" : "") + ".", same));
    }

    private Draft render(List<String> sections) {
        StringBuilder text = new StringBuilder();
        List<int[]> spans = new ArrayList<>();
        List<List<SourceRef>> sourcesOf = new ArrayList<>();
        for (String heading : sections) {
            text.append(heading).append('\n');
            List<Line> section = linesFor(role(heading));
            if (section.isEmpty()) {
                text.append("Not discussed.\n");
            }
            for (Line line : section) {
                int start = text.length();
                text.append(line.text());
                spans.add(new int[] {start, text.length()});
                sourcesOf.add(line.sources());
                text.append('\n');
            }
            text.append('\n');
        }
        String note = text.toString().strip();
        // each sentence is checked against every source, and keeps the source it was built from
        EvidenceAligner aligner = new EvidenceAligner(transcript, units, context.items());
        List<Sentence> evidence = new ArrayList<>();
        for (int k = 0; k < spans.size(); k++) {
            int[] span = spans.get(k);
            Sentence checked = aligner.alignSentence(note, span[0], span[1]);
            evidence.add(new Sentence(span[0], span[1], checked.supported(), checked.score(),
                    sourcesOf.get(k)));
        }
        return new Draft(note, evidence);
    }

    /** The lines of a role; a section the template has no place for joins the closest one. */
    private List<Line> linesFor(Role role) {
        List<Line> out = new ArrayList<>(lines.get(role));
        if (role == Role.COURSE) {
            out.addAll(lines.get(Role.HISTORY));
            out.addAll(lines.get(Role.EXAM));
        }
        return out;
    }

    static Role role(String heading) {
        String h = heading.toLowerCase(Locale.ROOT);
        if (h.contains("complaint") || h.contains("reason")) {
            return Role.COMPLAINT;
        }
        if (h.contains("past medical") || h.contains("history of past") || h.contains("problem list")) {
            return Role.PAST_HISTORY;
        }
        if (h.contains("subjective") || h.contains("present illness") || h.contains("history")) {
            return Role.HISTORY;
        }
        if (h.contains("medication")) {
            return Role.MEDICATIONS;
        }
        if (h.contains("allerg")) {
            return Role.ALLERGIES;
        }
        if (h.contains("objective") || h.contains("exam") || h.contains("finding")) {
            return Role.EXAM;
        }
        if (h.contains("assessment") || h.contains("impression") || h.contains("diagnos")) {
            return Role.ASSESSMENT;
        }
        if (h.contains("plan") || h.contains("recommendation") || h.contains("follow")) {
            return Role.PLAN;
        }
        if (h.contains("course")) {
            return Role.COURSE;
        }
        return Role.OTHER;
    }

    private void add(Role role, String sentence, List<SourceRef> sources) {
        if (sentence != null && !sentence.isBlank()) {
            lines.get(role).add(new Line(sentence, sources));
        }
    }

    private void chart(Role role, String sentence, List<ChartItem> items) {
        add(role, sentence, items.stream().map(i -> SourceRef.chart(i.id(), 1.0)).toList());
    }

    private static int contentWords(String s) {
        return (int) org.signet.evidence.Words.of(s).stream().filter(org.signet.evidence.Words::content).count();
    }
}
