package org.signet.evidence;

import org.signet.contracts.DraftEvidence.Sentence;
import org.signet.contracts.DraftEvidence.SourceRef;
import org.signet.contracts.DraftEvidence.ChartItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aligns each sentence of a draft to what it rests on: sentences of the pseudonymized transcript and items of the
 * chart context. Similarity is lexical and token-aware: the share of the sentence's content words (stemmed;
 * numbers, Signet tokens and clinical terms weigh more) that a source, or two sources together, hold. A sentence
 * is supported when that share reaches the threshold and, over the sources chosen, every number and token of the
 * sentence appears and negation agrees ("denies fever" cannot rest on "I've had a fever"). Works the same for a
 * model's text (aligned afterwards) and for a drafter that knows its sources (checked, not trusted).
 */
public final class EvidenceAligner {

    /** Default share of a sentence's weighted content words its sources must hold. */
    public static final double DEFAULT_THRESHOLD = 0.6;
    private static final int CANDIDATES = 4;

    private final String transcript;
    private final List<Source> sources = new ArrayList<>();
    private final Map<String, List<Integer>> byStem = new HashMap<>();
    private final double threshold;

    /** One place a sentence may rest on, read once. */
    private record Source(SourceRef ref, Set<String> stems, Set<String> numbers, Set<String> tokens,
            boolean negated, boolean fromTranscript) {}

    public EvidenceAligner(String transcript, List<TranscriptUnits.Unit> units, List<ChartItem> chart) {
        this(transcript, units, chart, DEFAULT_THRESHOLD);
    }

    public EvidenceAligner(String transcript, List<TranscriptUnits.Unit> units, List<ChartItem> chart,
            double threshold) {
        this.transcript = transcript == null ? "" : transcript;
        this.threshold = threshold;
        for (TranscriptUnits.Unit u : units) {
            String text = this.transcript.substring(u.start(), u.end());
            List<Words.Word> words = Words.of(text);
            add(SourceRef.transcript(u.start(), u.end(), 0), words, Negation.anyNegation(words), true);
        }
        for (ChartItem item : chart) {
            String text = item.display() + (item.name() != null && !item.display().contains(item.name())
                    ? " " + item.name() : "");
            add(SourceRef.chart(item.id(), 0), Words.of(text), false, false);
        }
    }

    private void add(SourceRef ref, List<Words.Word> words, boolean negated, boolean fromTranscript) {
        Set<String> stems = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (Words.Word w : words) {
            if (!Words.content(w) || Negation.trigger(w.lower())) {
                continue;
            }
            stems.add(w.stem());
            if (w.number()) {
                numbers.add(w.stem());
            }
            if (w.token()) {
                tokens.add(w.stem());
            }
        }
        int index = sources.size();
        sources.add(new Source(ref, stems, numbers, tokens, negated, fromTranscript));
        for (String s : stems) {
            byStem.computeIfAbsent(s, k -> new ArrayList<>(4)).add(index);
        }
    }

    /** Evidence for every claim-making sentence of {@code draft}, in order. */
    public List<Sentence> align(String draft, List<String> headings) {
        List<Sentence> out = new ArrayList<>();
        for (DraftSentences.Span s : DraftSentences.of(draft, headings)) {
            out.add(alignSentence(draft, s.start(), s.end()));
        }
        return out;
    }

    /** Evidence for {@code draft[start, end)}, one sentence. */
    public Sentence alignSentence(String draft, int start, int end) {
        List<Words.Word> words = Words.of(draft.substring(start, end));
        Map<String, Double> weights = new HashMap<>();
        Set<String> numbers = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < words.size(); i++) {
            Words.Word w = words.get(i);
            if (!Words.content(w) || Negation.trigger(w.lower())) {
                continue; // polarity is checked apart
            }
            double weight = w.number() || w.token() ? 2.0 : ClinicalTerms.bits(w.lower()) != 0 ? 1.5 : 1.0;
            List<String> expansion = Mentions.expansion(w.lower());
            if (expansion != null && !expansion.isEmpty()) {
                // "HTN" rests on "hypertension": the abbreviation weighs as the words it stands for, shared
                expansion.forEach(e -> weights.merge(e, 1.5 / expansion.size(), Math::max));
                continue;
            }
            weights.merge(w.stem(), weight, Math::max);
            if (w.number()) {
                numbers.add(w.stem());
            }
            if (w.token()) {
                tokens.add(w.stem());
            }
        }
        if (weights.isEmpty()) {
            return new Sentence(start, end, true, 1.0, List.of());
        }
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        boolean negated = Negation.anyNegation(words);
        Map<Integer, Double> covered = new HashMap<>();
        weights.forEach((stem, weight) -> {
            for (int index : byStem.getOrDefault(stem, List.of())) {
                covered.merge(index, weight, Double::sum);
            }
        });
        List<Integer> ranked = covered.entrySet().stream()
                .sorted(Map.Entry.<Integer, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(CANDIDATES).map(Map.Entry::getKey).toList();
        if (ranked.isEmpty()) {
            return new Sentence(start, end, false, 0, List.of());
        }
        // the best single source, then the best pair: a sentence may join two things said
        List<Integer> best = List.of(ranked.get(0));
        double bestScore = score(best, weights, total);
        for (int a = 0; a < ranked.size(); a++) {
            for (int b = a + 1; b < ranked.size(); b++) {
                List<Integer> pair = List.of(ranked.get(a), ranked.get(b));
                double pairScore = score(pair, weights, total);
                if (pairScore > bestScore + 0.1 && agrees(pair, numbers, tokens, negated)) {
                    best = pair;
                    bestScore = pairScore;
                }
            }
        }
        boolean supported = bestScore >= threshold && agrees(best, numbers, tokens, negated);
        List<SourceRef> refs = new ArrayList<>();
        for (int index : best) {
            SourceRef r = sources.get(index).ref();
            double own = score(List.of(index), weights, total);
            refs.add(new SourceRef(r.type(), r.start(), r.end(), r.item(), round(own)));
        }
        return new Sentence(start, end, supported, round(bestScore), refs);
    }

    private double score(List<Integer> chosen, Map<String, Double> weights, double total) {
        double sum = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            for (int index : chosen) {
                if (sources.get(index).stems().contains(e.getKey())) {
                    sum += e.getValue();
                    break;
                }
            }
        }
        return sum / total;
    }

    /** Every number and token of the sentence is in the sources, and a negated sentence rests on a negation. */
    private boolean agrees(List<Integer> chosen, Set<String> numbers, Set<String> tokens, boolean negated) {
        Set<String> n = new HashSet<>();
        Set<String> t = new HashSet<>();
        boolean sourceNegated = false;
        boolean anyTranscript = false;
        for (int index : chosen) {
            Source s = sources.get(index);
            n.addAll(s.numbers());
            t.addAll(s.tokens());
            sourceNegated |= s.negated();
            anyTranscript |= s.fromTranscript();
        }
        if (!n.containsAll(numbers) || !t.containsAll(tokens)) {
            return false;
        }
        // a chart item states what is; only the transcript can deny, and a denial cannot rest on an affirmation
        return negated ? sourceNegated : !anyTranscript || !sourceNegated || !onlyNegatedTranscript(chosen);
    }

    /** Whether every transcript source chosen says no: an affirmative sentence may not rest on those alone. */
    private boolean onlyNegatedTranscript(List<Integer> chosen) {
        boolean any = false;
        for (int index : chosen) {
            Source s = sources.get(index);
            if (s.fromTranscript()) {
                if (!s.negated()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
