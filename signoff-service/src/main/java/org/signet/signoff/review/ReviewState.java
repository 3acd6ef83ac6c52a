package org.signet.signoff.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.signet.contracts.DraftEvidence;
import org.signet.contracts.DraftEvidence.Fact;
import org.signet.contracts.DraftEvidence.Sentence;
import org.signet.contracts.NoteSigned;
import org.signet.evidence.DraftSentences;
import org.signet.evidence.EvidenceAligner;
import org.signet.evidence.OmissionCheck;
import org.signet.evidence.TranscriptUnits;

/**
 * The evidence and omissions of a draft's current text (tokens only): a sentence the clinician left as drafted keeps
 * the evidence it was drafted with; an edited or new one is aligned again to the same transcript and chart; the
 * omission check runs on the text as it is now, with the clinician's answers so far.
 *
 * @param sentences evidence of each claim-making sentence of the current text, offsets into it
 * @param edited    per sentence, whether it was re-aligned because it is not as drafted
 * @param open      the facts of the encounter the current text does not mention, in fact order
 * @param decisions the clinician's answers, by fact key
 */
public record ReviewState(List<Sentence> sentences, List<Boolean> edited, List<Fact> open,
        Map<String, NoteSigned.OmissionDecision> decisions) {

    public static ReviewState of(String draftText, String currentText, DraftEvidence evidence,
            List<NoteSigned.OmissionDecision> answers) {
        Map<String, Sentence> drafted = new HashMap<>();
        for (Sentence s : evidence.sentences()) {
            drafted.putIfAbsent(draftText.substring(s.start(), s.end()), s);
        }
        List<Sentence> sentences = new ArrayList<>();
        List<Boolean> edited = new ArrayList<>();
        EvidenceAligner aligner = null;
        for (DraftSentences.Span span : DraftSentences.of(currentText, evidence.headings())) {
            Sentence before = drafted.get(currentText.substring(span.start(), span.end()));
            if (before != null) {
                sentences.add(new Sentence(span.start(), span.end(), before.supported(), before.score(),
                        before.sources()));
                edited.add(false);
            } else {
                if (aligner == null) {
                    aligner = new EvidenceAligner(evidence.transcript(), TranscriptUnits.of(evidence.transcript()),
                            evidence.chart());
                }
                sentences.add(aligner.alignSentence(currentText, span.start(), span.end()));
                edited.add(true);
            }
        }
        Map<String, NoteSigned.OmissionDecision> decisions = new HashMap<>();
        (answers == null ? List.<NoteSigned.OmissionDecision>of() : answers).forEach(d -> decisions.put(d.key(), d));
        return new ReviewState(sentences, edited, OmissionCheck.open(currentText, evidence.facts(), evidence.chart()),
                decisions);
    }

    public int supported() {
        return (int) sentences.stream().filter(Sentence::supported).count();
    }

    /** The open omissions the clinician has not answered yet. */
    public List<Fact> unanswered() {
        return open.stream().filter(f -> !decisions.containsKey(f.key())).toList();
    }

    /**
     * The signature's review: the counts of the signed text and every answer the clinician gave (an omission added to
     * the note is no longer open, and its answer still belongs to the record), in the order given.
     */
    public NoteSigned.Review review(boolean evidenceShown) {
        List<NoteSigned.OmissionDecision> answered = decisions.values().stream()
                .sorted(java.util.Comparator.comparing(NoteSigned.OmissionDecision::decidedAt)).toList();
        return new NoteSigned.Review(sentences.size(), supported(), evidenceShown, answered);
    }
}
