package org.signet.evidence;

import org.signet.contracts.DraftEvidence.Fact;
import org.signet.contracts.DraftEvidence.ChartItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an encounter holds that its note should mention: the problems, medications, allergies, procedures and vitals
 * of the chart context, and those the transcript mentions (found with the clinical vocabulary, allergy phrases and
 * spoken vitals), each marked negated when said as absent. A transcript mention of a chart fact is that fact.
 */
public final class EncounterFacts {

    private static final Set<String> KINDS = Set.of(ChartItem.PROBLEM, ChartItem.MEDICATION, ChartItem.ALLERGY,
            ChartItem.PROCEDURE, ChartItem.VITAL);
    /** Words before a medication that say it is taken, started or stopped. */
    private static final Set<String> MEDICATION_CUES = Set.of("take", "taking", "took", "takes", "start", "started",
            "starting", "prescribe", "prescribed", "prescribing", "on", "using", "use", "used", "tried", "try",
            "trying", "stop", "stopped", "stopping", "increase", "increased", "decrease", "decreased", "refill",
            "switch", "switched", "continue", "continuing", "add", "adding", "restart", "resume", "bump",
            "give", "giving", "popping", "pop", "taken");
    /** Words before an ordinary word that make it a complaint ("a dry cough", "my headache"). */
    private static final Set<String> PROBLEM_CUES = Set.of("have", "has", "had", "having", "got", "getting", "with",
            "feel", "feeling", "felt", "complain", "complains", "complaining", "reports", "any", "some", "bad",
            "terrible", "mild", "severe", "dry", "productive", "new", "worse", "worsening", "my", "no", "denies",
            "constant", "occasional", "persistent", "chronic");
    /** Words before a procedure or test that plan or report it. */
    private static final Set<String> PROCEDURE_CUES = Set.of("order", "ordering", "ordered", "get", "getting",
            "schedule", "scheduled", "do", "doing", "did", "had", "have", "need", "needs", "refer", "referral", "check", "repeat",
            "send", "a", "an", "the", "your", "my", "for", "arrange", "book", "set");
    /** A symptom word that is named with the body part before it ("knee pain", "ankle swelling"). */
    private static final Set<String> NEEDS_SITE = Set.of("pain", "ache", "aches", "swelling", "tenderness",
            "discomfort", "cramp", "cramps", "stiffness", "numbness", "weakness");
    private static final Pattern ALLERGY = Pattern.compile(
            "(?i)\\b(?:allergic to|allergy to|allergies to|reaction to|react to|reacted to)\\s+"
            + "((?:the\\s+|a\\s+|an\\s+)?[a-z][a-z-]+(?:\\s+(?!and\\b|but\\b|it\\b|that\\b|which\\b|so\\b|because\\b)"
            + "[a-z][a-z-]+){0,2})");
    private static final Pattern[] VITALS = {
        Pattern.compile("(?i)\\b(blood pressure|bp)\\b\\D{0,24}\\d{2,3}\\s*(?:over|/)\\s*\\d{2,3}"),
        Pattern.compile("(?i)\\b(temperature|temp)\\b\\D{0,20}\\d{2,3}(?:\\.\\d)?"),
        Pattern.compile("(?i)\\b(heart rate|pulse)\\b\\D{0,20}\\d{2,3}"),
        Pattern.compile("(?i)\\b(oxygen saturation|oxygen level|oxygen|o2 sat|sats?|saturation)\\b"
                + "\\D{0,20}\\d{2,3}\\s*(?:%|percent)"),
        Pattern.compile("(?i)\\b(respiratory rate|breathing rate|respirations)\\b\\D{0,20}\\d{1,2}"),
        Pattern.compile("(?i)\\b(weight|weigh|weighing)\\b\\D{0,20}\\d{2,3}(?:\\.\\d)?\\s*"
                + "(?:pounds|lbs?|kilos|kilograms|kg)"),
    };

    /** How many turns after an allergy is named its reaction may be told. */
    private static final int REACTION_TURNS = 2;

    private EncounterFacts() {
    }

    public static List<Fact> of(String transcript, List<TranscriptUnits.Unit> units, List<ChartItem> chart) {
        List<Fact> facts = new ArrayList<>();
        Map<String, List<Mentions.Phrase>> chartPhrases = new LinkedHashMap<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (ChartItem item : chart) {
            // one fact per concept: the same procedure at every visit, or a vital measured twice, is named once
            if (KINDS.contains(item.kind())
                    && named.add(item.kind() + "|" + item.name().toLowerCase(java.util.Locale.ROOT))) {
                facts.add(new Fact(item.kind(), item.name(), Fact.CHART, item.id(), -1, -1, false));
                chartPhrases.put(item.id(), Mentions.phrases(item.kind(), item.name()));
            }
        }
        Map<String, Fact> said = new LinkedHashMap<>();
        String text = transcript == null ? "" : transcript;
        int lastAllergy = -REACTION_TURNS - 1;
        for (TranscriptUnits.Unit u : units) {
            if (u.question() && u.answerStart() < 0) {
                continue; // asked, not answered: nothing is known
            }
            List<Fact> mentioned = mentionsIn(text, u);
            boolean allergyHere = mentioned.stream().anyMatch(f -> f.kind().equals(ChartItem.ALLERGY));
            // the patient's (or a companion's) own telling, not an answer to a question about something else
            boolean reactionTurn = !allergyHere && u.index() - lastAllergy <= REACTION_TURNS
                    && u.answerStart() < 0 && u.speaker() != TranscriptUnits.Speaker.CLINICIAN;
            if (allergyHere) {
                lastAllergy = u.index();
            }
            for (Fact f : mentioned) {
                if (coveredByChart(f, chartPhrases, chart)) {
                    continue;
                }
                if (reactionTurn && f.kind().equals(ChartItem.PROBLEM)) {
                    continue; // "I'm allergic to penicillin." … "I get hives.": the reaction belongs to the allergy
                }
                String key = f.kind() + ":" + Words.stem(f.name().toLowerCase(java.util.Locale.ROOT));
                Fact before = said.get(key);
                if (before == null || before.negated() && !f.negated()) {
                    said.put(key, f);
                }
            }
        }
        facts.addAll(said.values());
        return facts;
    }

    /**
     * Whether a transcript mention names a chart fact: the chart's name in the mention's words, or the mention's
     * words within the chart's ("arthritis" of "Osteoarthritis of knee", "metoprolol" of its coded name).
     */
    private static boolean coveredByChart(Fact f, Map<String, List<Mentions.Phrase>> chartPhrases,
            List<ChartItem> chart) {
        List<java.util.Set<String>> mention = Mentions.sentenceStems(f.name());
        String lower = f.name().toLowerCase(java.util.Locale.ROOT);
        for (ChartItem item : chart) {
            List<Mentions.Phrase> phrases = chartPhrases.get(item.id());
            if (phrases == null) {
                continue;
            }
            if (Mentions.mentioned(phrases, mention)) {
                return true;
            }
            String name = item.name().toLowerCase(java.util.Locale.ROOT);
            if (lower.length() >= 4 && (name.contains(lower) || name.contains(ClinicalTerms.singular(lower)))) {
                return true;
            }
        }
        return false;
    }

    /** The facts one transcript unit mentions. */
    static List<Fact> mentionsIn(String transcript, TranscriptUnits.Unit u) {
        List<Fact> out = new ArrayList<>();
        String unitText = transcript.substring(u.start(), u.end());
        boolean answeredNo = u.answerStart() >= 0 && Negation.anyNegation(
                Words.of(transcript.substring(u.answerStart(), Math.min(u.end(), u.answerStart() + 12))));
        List<Words.Word> words = Words.of(unitText);
        for (int i = 0; i < words.size(); i++) {
            Words.Word w = words.get(i);
            if (w.number() || w.token()) {
                continue;
            }
            int matched = 0;
            int bits = 0;
            StringBuilder phrase = new StringBuilder();
            for (int k = i; k < words.size() && k - i < Math.min(4, ClinicalTerms.MAX_WORDS); k++) {
                if (k > i) {
                    if (!unitText.substring(words.get(k - 1).end(), words.get(k).start()).equals(" ")) {
                        break;
                    }
                    phrase.append(' ');
                }
                phrase.append(words.get(k).lower());
                int b = ClinicalTerms.bitsOrSingular(phrase.toString());
                if (b != 0) {
                    matched = k - i + 1;
                    bits = b;
                }
            }
            if (matched == 0 || (bits & ClinicalTerms.CATEGORY) != 0) {
                continue; // "medicine", "disease", "surgery": a category names no fact
            }
            int endWord = i + matched - 1;
            String kind = (bits & ClinicalTerms.MEDICATION) != 0 && (bits & ClinicalTerms.PROBLEM) == 0
                    ? ChartItem.MEDICATION
                    : (bits & ClinicalTerms.PROBLEM) != 0 ? ChartItem.PROBLEM : ChartItem.PROCEDURE;
            boolean ordinary = (bits & ClinicalTerms.ORDINARY) != 0;
            String before = i > 0 ? words.get(i - 1).lower() : "";
            String before2 = i > 1 ? words.get(i - 2).lower() : "";
            int startWord = i;
            boolean keep = switch (kind) {
                // a drug's own name ("naproxen") is a mention anywhere; a word of other senses too ("iron",
                // "alcohol") only where it is taken, started or dosed
                case ChartItem.MEDICATION -> !ordinary || MEDICATION_CUES.contains(before)
                        || MEDICATION_CUES.contains(before2) || doseAfter(words, endWord);
                case ChartItem.PROBLEM -> !ordinary || matched > 1 || PROBLEM_CUES.contains(before)
                        || PROBLEM_CUES.contains(before2);
                default -> !ordinary || matched > 1 || PROCEDURE_CUES.contains(before)
                        || PROCEDURE_CUES.contains(before2);
            };
            if (!keep) {
                continue;
            }
            if ((kind.equals(ChartItem.PROBLEM) && NEEDS_SITE.contains(w.lower()) || kind.equals(ChartItem.PROCEDURE))
                    && matched == 1 && i > 0
                    && Words.content(words.get(i - 1)) && !words.get(i - 1).number()
                    && ClinicalTerms.bits(words.get(i - 1).lower()) == 0 && !PROBLEM_CUES.contains(before)) {
                startWord = i - 1; // "knee pain", "chest x-ray"
            }
            int s = words.get(startWord).start();
            int e = words.get(endWord).end();
            boolean negated = answeredNo && u.start() + s < u.answerStart()
                    || Negation.negated(unitText, words, startWord);
            out.add(new Fact(kind, unitText.substring(s, e), Fact.TRANSCRIPT, null, u.start() + s, u.start() + e,
                    negated));
            i = endWord;
        }
        Matcher allergy = ALLERGY.matcher(unitText);
        int firstAllergy = -1;
        while (allergy.find()) {
            String what = allergyObject(allergy.group(1));
            if (what.isEmpty()) {
                continue;
            }
            firstAllergy = firstAllergy < 0 ? u.start() + allergy.start() : firstAllergy;
            List<Words.Word> aw = Words.of(unitText);
            int at = 0;
            while (at < aw.size() && aw.get(at).start() < allergy.start()) {
                at++;
            }
            boolean negated = answeredNo || Negation.negated(unitText, aw, Math.min(at, aw.size() - 1));
            int s = allergy.start(1) + allergy.group(1).indexOf(what);
            out.add(new Fact(ChartItem.ALLERGY, what, Fact.TRANSCRIPT, null, u.start() + s,
                    u.start() + s + what.length(), negated));
        }
        if (firstAllergy >= 0) {
            // what an allergy names and does ("allergic to penicillin, it gives me hives") belongs to the allergy
            int from = firstAllergy;
            out.removeIf(f -> !f.kind().equals(ChartItem.ALLERGY) && !f.kind().equals(ChartItem.VITAL)
                    && f.start() >= from);
        }
        for (Pattern vital : VITALS) {
            Matcher m = vital.matcher(unitText);
            if (m.find()) {
                out.add(new Fact(ChartItem.VITAL, m.group(1).toLowerCase(java.util.Locale.ROOT), Fact.TRANSCRIPT, null,
                        u.start() + m.start(), u.start() + m.end(), false));
            }
        }
        return out;
    }

    /** The words an allergy phrase names, up to the first word that is no part of a substance's name. */
    static String allergyObject(String phrase) {
        StringBuilder out = new StringBuilder();
        for (String w : phrase.strip().split("\\s+")) {
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (Words.STOP.contains(lower) || Negation.trigger(lower)) {
                if (out.length() == 0 && (lower.equals("the") || lower.equals("a") || lower.equals("an"))) {
                    continue;
                }
                break;
            }
            out.append(out.length() == 0 ? "" : " ").append(w);
        }
        return out.toString();
    }

    private static boolean doseAfter(List<Words.Word> words, int end) {
        for (int k = end + 1; k < words.size() && k <= end + 5; k++) {
            String s = words.get(k).stem();
            if (s.equals("mg") || s.equals("mcg") || s.equals("unit") || s.equals("ml") || s.equals("pill")
                    || s.equals("tablet") || s.equals("daily") || s.equals("twice")) {
                return true;
            }
        }
        return false;
    }
}
