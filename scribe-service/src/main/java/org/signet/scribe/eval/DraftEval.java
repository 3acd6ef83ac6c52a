package org.signet.scribe.eval;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.signet.contracts.DraftEvidence.ChartItem;
import org.signet.evidence.EncounterFacts;
import org.signet.evidence.EvidenceAligner;
import org.signet.contracts.DraftEvidence.Fact;
import org.signet.evidence.OmissionCheck;
import org.signet.contracts.DraftEvidence.Sentence;
import org.signet.contracts.DraftEvidence.SourceRef;
import org.signet.evidence.TranscriptUnits;
import org.signet.evidence.Words;
import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.PromptTemplate;
import org.signet.scribe.provider.structured.StructuredNote;

/**
 * {@code bin/signet draft-eval}: scores drafting on the evaluation encounters (Synthea charts read in place, and
 * transcripts and reference notes written for them, with deliberately omitted facts). Per provider: the share of
 * sentences supported by evidence, the omission check's recall and precision on the seeded omissions, and draft time
 * p50/p95 (warm, after one pass). Providers: {@code structured} (the template drafter; its seeded omissions are made
 * by deleting the sentences built from each omitted fact), {@code reference} (the hand-written reference notes,
 * aligned afterwards as any model's text is). The last line is
 * {@code overall supported=S omission_recall=R omission_precision=P}, for the structured drafter.
 */
public final class DraftEval {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> TEMPLATE_BY_NOTE_TYPE = Map.of("11506-3", "progress-note-soap",
            "11488-4", "consult-note", "34117-2", "history-and-physical", "18842-5", "discharge-summary");

    /** The seeded purposes' look-backs (fhir-adapter V2__seed_purposes.sql) per note type: vitals, labs, procedures. */
    private static final Map<String, int[]> LOOKBACK = Map.of("11506-3", new int[] {30, 90, -1},
            "11488-4", new int[] {30, 180, 365}, "34117-2", new int[] {7, 365, 365},
            "18842-5", new int[] {14, 30, 365});

    /** One encounter of the set, with its chart context built. */
    record Case(String id, String noteType, String transcript, String referenceNote, ClinicalContext context,
            List<String> sections, List<Truth> omitted) {}

    /** A fact the set left out of its reference note, as it names it. */
    record Truth(String kind, String name) {}

    /** One provider's counts. */
    static final class Score {
        int sentences;
        int supported;
        int truePositives;
        int seeded;
        int flagged;
        final List<Long> micros = new ArrayList<>();
        final List<String> misses = new ArrayList<>();

        double supportedShare() {
            return sentences == 0 ? 1 : (double) supported / sentences;
        }

        double recall() {
            return seeded == 0 ? 1 : (double) truePositives / seeded;
        }

        double precision() {
            return flagged == 0 ? 1 : (double) truePositives / flagged;
        }

        long percentile(double p) {
            List<Long> sorted = micros.stream().sorted().toList();
            return sorted.isEmpty() ? 0
                    : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
        }
    }

    public static void main(String[] args) throws IOException {
        Path set = null;
        Path charts = null;
        boolean showMisses = false;
        String explain = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--charts" -> charts = Path.of(args[++i]);
                case "--show-misses" -> showMisses = true;
                case "--explain" -> explain = args[++i];
                default -> set = Path.of(args[i]);
            }
        }
        if (set == null || charts == null) {
            System.err.println("usage: DraftEval SET_DIR --charts SYNTHEA_DIR [--show-misses]");
            System.exit(2);
        }
        List<Case> cases = load(set, charts);
        if (explain != null) {
            String id = explain;
            cases.stream().filter(c -> c.id().equals(id)).forEach(DraftEval::explain);
            return;
        }
        Scores scores = score(cases);
        System.out.println("encounters=" + cases.size() + " seeded_omissions=" + scores.reference().seeded);
        print("structured", scores.structured(), showMisses);
        print("reference", scores.reference(), showMisses);
        System.out.printf(Locale.ROOT, "overall supported=%.3f omission_recall=%.3f omission_precision=%.3f%n",
                scores.structured().supportedShare(), scores.structured().recall(), scores.structured().precision());
    }

    /** Both providers' scores over the set. */
    record Scores(Score structured, Score reference) {}

    /** Scores every case twice: the first pass warms the JIT, the second is measured and counted. */
    static Scores score(List<Case> cases) {
        Score structured = new Score();
        Score reference = new Score();
        for (int pass = 0; pass < 2; pass++) {
            boolean counted = pass == 1;
            for (Case c : cases) {
                structured(c, counted ? structured : new Score());
                reference(c, counted ? reference : new Score());
            }
        }
        return new Scores(structured, reference);
    }

    private static void print(String provider, Score s, boolean showMisses) {
        if (showMisses) {
            s.misses.forEach(m -> System.out.println(provider + " " + m));
        }
        System.out.printf(Locale.ROOT, "provider=%s sentences=%d supported=%.3f omission_recall=%.3f (%d/%d) "
                + "omission_precision=%.3f (%d/%d) draft_ms_p50=%.2f draft_ms_p95=%.2f%n", provider, s.sentences,
                s.supportedShare(), s.recall(), s.truePositives, s.seeded, s.precision(), s.truePositives, s.flagged,
                s.percentile(0.5) / 1000.0, s.percentile(0.95) / 1000.0);
    }

    /** One encounter in full: its chart items, the facts found, the structured draft with its evidence. */
    private static void explain(Case c) {
        c.context().items().forEach(i -> System.out.println("item " + i.id() + " | " + i.name() + " | " + i.display()));
        List<TranscriptUnits.Unit> units = TranscriptUnits.of(c.transcript());
        units.forEach(u -> System.out.println("unit " + u.speaker() + (u.question() ? "?" : "") + " | "
                + c.transcript().substring(u.start(), u.end())));
        EncounterFacts.of(c.transcript(), units, c.context().items()).forEach(f -> System.out.println("fact " + f));
        OmissionCheck.open(c.referenceNote(), EncounterFacts.of(c.transcript(), units, c.context().items()),
                c.context().items()).forEach(f -> System.out.println("reference omits " + f));
        StructuredNote.Draft draft = StructuredNote.draft(c.sections(), c.context(), c.transcript());
        System.out.println(draft.text());
        draft.evidence().forEach(e -> System.out.println((e.supported() ? "+ " : "- ") + e.score() + " "
                + draft.text().substring(e.start(), e.end())));
        System.out.println("--- seeded structured draft\n" + withoutOmitted(c, draft));
        System.out.println("--- reference\n" + c.referenceNote());
    }

    /** The template drafter: draft, align, then delete the sentences built from each omitted fact and check. */
    static void structured(Case c, Score score) {
        long t0 = System.nanoTime();
        StructuredNote.Draft draft = StructuredNote.draft(c.sections(), c.context(), c.transcript());
        List<TranscriptUnits.Unit> units = TranscriptUnits.of(c.transcript());
        List<Fact> facts = EncounterFacts.of(c.transcript(), units, c.context().items());
        OmissionCheck.open(draft.text(), facts, c.context().items());
        score.micros.add((System.nanoTime() - t0) / 1000);
        for (Sentence e : draft.evidence()) {
            score.sentences++;
            if (e.supported()) {
                score.supported++;
            } else {
                score.misses.add(c.id() + " unsupported: " + draft.text().substring(e.start(), e.end()));
            }
        }
        String seeded = withoutOmitted(c, draft);
        compare(c, OmissionCheck.open(seeded, facts, c.context().items()), score);
    }

    /** The hand-written note, aligned afterwards like a model's text, and checked for its seeded omissions. */
    static void reference(Case c, Score score) {
        long t0 = System.nanoTime();
        List<TranscriptUnits.Unit> units = TranscriptUnits.of(c.transcript());
        List<Sentence> evidence = new EvidenceAligner(c.transcript(), units, c.context().items())
                .align(c.referenceNote(), c.sections());
        List<Fact> facts = EncounterFacts.of(c.transcript(), units, c.context().items());
        List<Fact> open = OmissionCheck.open(c.referenceNote(), facts, c.context().items());
        score.micros.add((System.nanoTime() - t0) / 1000);
        for (Sentence e : evidence) {
            score.sentences++;
            if (e.supported()) {
                score.supported++;
            }
        }
        compare(c, open, score);
    }

    /**
     * The structured draft with each seeded omission made: the chart lines of an omitted chart fact are deleted, and
     * every word naming an omitted fact (its key words and synonyms, and a vital's value) is taken out of the other
     * sentences, so the draft still mentions everything else it mentioned.
     */
    static String withoutOmitted(Case c, StructuredNote.Draft draft) {
        Map<String, ChartItem> items = new HashMap<>();
        c.context().items().forEach(i -> items.put(i.id(), i));
        Set<String> stems = new HashSet<>();
        for (Truth t : c.omitted()) {
            stems.addAll(org.signet.evidence.Mentions.keyStems(t.kind(), t.name()));
            for (ChartItem i : c.context().items()) {
                if (ChartItem.VITAL.equals(i.kind()) && i.name().equalsIgnoreCase(t.name())) {
                    Words.of(i.display().substring(i.name().length())).stream().filter(Words.Word::number)
                            .forEach(w -> stems.add(w.stem()));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (Sentence e : draft.evidence()) {
            boolean chartOfOmitted = e.sources().stream().anyMatch(r -> SourceRef.CHART.equals(r.type())
                    && items.containsKey(r.item()) && c.omitted().stream()
                    .anyMatch(t -> items.get(r.item()).name().equalsIgnoreCase(t.name())));
            out.append(draft.text(), from, e.start());
            if (!chartOfOmitted) {
                String sentence = draft.text().substring(e.start(), e.end());
                StringBuilder kept = new StringBuilder();
                int at = 0;
                for (Words.Word w : Words.of(sentence)) {
                    if (stems.contains(w.stem()) || w.number() && stems.stream().anyMatch(n -> !n.isEmpty()
                            && Character.isDigit(n.charAt(0)) && org.signet.evidence.Mentions.writtenAs(n, w.stem()))) {
                        kept.append(sentence, at, w.start());
                        at = w.end();
                    }
                }
                out.append(kept).append(sentence.substring(at));
            }
            from = e.end();
        }
        out.append(draft.text().substring(from));
        return out.toString();
    }

    /** Flagged facts against the seeded ones: a flag matches a seeded fact of the same name. */
    private static void compare(Case c, List<Fact> open, Score score) {
        Set<Integer> found = new HashSet<>();
        for (Fact f : open) {
            score.flagged++;
            int match = -1;
            for (int k = 0; k < c.omitted().size() && match < 0; k++) {
                if (!found.contains(k) && sameName(f.name(), c.omitted().get(k).name())) {
                    match = k;
                }
            }
            if (match >= 0) {
                found.add(match);
                score.truePositives++;
            } else {
                score.misses.add(c.id() + " flagged, not seeded: " + f.kind() + " \"" + f.name() + "\"");
            }
        }
        score.seeded += c.omitted().size();
        for (int k = 0; k < c.omitted().size(); k++) {
            if (!found.contains(k)) {
                score.misses.add(c.id() + " seeded, not flagged: " + c.omitted().get(k).kind() + " \""
                        + c.omitted().get(k).name() + "\"");
            }
        }
    }

    /** Whether two names name the same thing: equal, or the content words of one within the other's. */
    static boolean sameName(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        String la = a.toLowerCase(Locale.ROOT);
        String lb = b.toLowerCase(Locale.ROOT);
        if (org.signet.evidence.ClinicalTerms.synonyms(la).contains(lb)
                || org.signet.evidence.ClinicalTerms.synonyms(lb).contains(la)) {
            return true;
        }
        Set<String> x = stems(a);
        Set<String> y = stems(b);
        return !x.isEmpty() && !y.isEmpty() && (y.containsAll(x) || x.containsAll(y));
    }

    private static Set<String> stems(String s) {
        Set<String> out = new HashSet<>();
        Words.of(s).stream().filter(Words::content).forEach(w -> out.add(w.stem()));
        return out;
    }

    static List<Case> load(Path set, Path charts) throws IOException {
        Map<String, PromptTemplate> templates = new HashMap<>();
        for (Map.Entry<String, String> e : TEMPLATE_BY_NOTE_TYPE.entrySet()) {
            try (InputStream in = DraftEval.class.getResourceAsStream("/templates/" + e.getValue() + ".yaml")) {
                templates.put(e.getKey(), YAML.readValue(in, PromptTemplate.class));
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(set)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        List<Case> cases = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                String noteType = n.path("noteType").asText();
                ClinicalContext context = context(charts.resolve(n.path("chart").asText()),
                        n.path("encounter").asText(), noteType);
                cases.add(new Case(n.path("id").asText(), noteType, n.path("transcript").asText(),
                        n.path("referenceNote").asText(), context, templates.get(noteType).sections(),
                        truths(n.path("omitted"))));
            }
        }
        return cases;
    }

    private static List<Truth> truths(JsonNode list) {
        List<Truth> out = new ArrayList<>();
        list.forEach(t -> out.add(new Truth(t.path("kind").asText(), t.path("name").asText())));
        return out;
    }

    /**
     * The chart context the seeded purpose of the note type would read on the encounter's last day: the patient, the
     * encounter, active conditions, active medication requests, active allergies, vitals and laboratory results
     * within the look-back (newest first), and procedures of the past year where the purpose reads them.
     */
    static ClinicalContext context(Path chart, String encounterId, String noteType) throws IOException {
        FhirContext fhir = FhirContext.forR4Cached();
        Bundle source;
        try (InputStream in = Files.newInputStream(chart)) {
            source = fhir.newJsonParser().parseResource(Bundle.class, in);
        }
        for (Bundle.BundleEntryComponent entry : source.getEntry()) {
            // a transaction's resources are named by their urn:uuid fullUrls, as an EHR's by their ids
            String full = entry.getFullUrl();
            if (full != null && full.startsWith("urn:uuid:")) {
                entry.getResource().setId(entry.getResource().fhirType() + "/" + full.substring("urn:uuid:".length()));
            }
        }
        List<Resource> all = source.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
        Encounter encounter = all.stream().filter(r -> r instanceof Encounter e
                && encounterId.equals(e.getIdElement().getIdPart())).map(Encounter.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no encounter " + encounterId + " in " + chart));
        LocalDate day = (encounter.getPeriod().hasEnd() ? encounter.getPeriod().getEnd()
                : encounter.getPeriod().getStart()).toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
        int[] lookback = LOOKBACK.get(noteType);
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        all.stream().filter(Patient.class::isInstance).forEach(r -> bundle.addEntry().setResource(r));
        bundle.addEntry().setResource(encounter);
        for (Resource r : all) {
            if (r instanceof Condition c && c.getClinicalStatus().getCodingFirstRep().getCode() != null
                    && c.getClinicalStatus().getCodingFirstRep().getCode().equals("active")) {
                bundle.addEntry().setResource(r);
            } else if (r instanceof MedicationRequest m
                    && m.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE) {
                bundle.addEntry().setResource(r);
            } else if (r instanceof AllergyIntolerance a && (!a.hasClinicalStatus()
                    || "active".equals(a.getClinicalStatus().getCodingFirstRep().getCode()))) {
                bundle.addEntry().setResource(r);
            }
        }
        List<Observation> observations = new ArrayList<>();
        for (Resource r : all) {
            if (r instanceof Observation o && o.hasEffectiveDateTimeType()) {
                boolean vital = category(o, "vital-signs");
                boolean lab = category(o, "laboratory");
                int days = vital ? lookback[0] : lab ? lookback[1] : -1;
                if (days >= 0 && within(o.getEffectiveDateTimeType().getValue(), day, days)) {
                    observations.add(o);
                }
            }
        }
        observations.sort((a, b) -> b.getEffectiveDateTimeType().getValue()
                .compareTo(a.getEffectiveDateTimeType().getValue()));
        observations.forEach(o -> bundle.addEntry().setResource(o));
        if (lookback[2] > 0) {
            for (Resource r : all) {
                if (r instanceof Procedure p) {
                    java.util.Date performed = p.hasPerformedPeriod() ? p.getPerformedPeriod().getStart()
                            : p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValue() : null;
                    if (performed != null && within(performed, day, lookback[2])) {
                        bundle.addEntry().setResource(r);
                    }
                }
            }
        }
        return ClinicalContext.fromPseudonymizedBundle(fhir.newJsonParser().encodeResourceToString(bundle));
    }

    private static boolean category(Observation o, String code) {
        return o.getCategory().stream().flatMap(c -> c.getCoding().stream()).anyMatch(c -> code.equals(c.getCode()));
    }

    private static boolean within(java.util.Date when, LocalDate day, int days) {
        LocalDate d = when.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
        return !d.isAfter(day) && !d.isBefore(day.minusDays(days));
    }

}
