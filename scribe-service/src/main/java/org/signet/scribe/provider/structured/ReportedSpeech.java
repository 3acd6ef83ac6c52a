package org.signet.scribe.provider.structured;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what was said in the visit into a note's sentences: the patient's first person into reported speech in the
 * third person ("I've had a dry cough for five days" → "Reports a dry cough for five days."), the clinician's plan
 * into orders ("Let's start lisinopril 10 milligrams" → "Start lisinopril 10 milligrams."), an impression into an
 * impression, an exam said aloud into a finding. Deterministic: the same words always give the same sentence, and
 * every content word of the result comes from what was said.
 */
final class ReportedSpeech {

    private static final Pattern FILLER = Pattern.compile(
            "(?i)^(?:(?:um+|uh+|er|well|so|oh|okay|ok|alright|all right|yeah|yes|yep|right|and|but|you know|honestly|"
            + "i mean|like|actually|hmm|doc|doctor)[,.]?\\s+)+");
    private static final Pattern NO_LEAD = Pattern.compile("(?i)^(?:no|nope|nah|not really)[,.!]?\\s+");
    private static final List<Rule> PATIENT = List.of(
            new Rule("(?:i have not|i haven't|i've not|i have never|i've never|i never|i don't|i do not|i didn't|"
                    + "i did not)\\s+(?:had|have|been having|gotten|got|get|noticed|seen|felt|experienced)\\s+(?:any\\s+)?",
                    "Denies "),
            new Rule("(?:i'm not|i am not)\\s+(?:having|getting|feeling)\\s+(?:any\\s+)?", "Denies "),
            new Rule("(?:i'm not|i am not|i'm no longer|i am no longer|i don't|i do not)\\s+(?:taking|take|using|use|on)\\s+",
                    "Reports no longer taking "),
            new Rule("(?:i've been|i have been|i'm|i am|i was)\\s+(?:having|getting|dealing with)\\s+", "Reports "),
            new Rule("(?:i've|i have|i)\\s+(?:had|got|get|gotten|noticed|developed|experienced)\\s+", "Reports "),
            new Rule("(?:i've got|i have got|i have)\\s+", "Reports "),
            new Rule("(?:i've been|i have been|i'm|i am|i was|i still|i)\\s+(?:taking|take|took|using|use|used|on)\\s+",
                    "Reports taking "),
            new Rule("(?:i've|i have|i)\\s+(?:stopped|quit)\\s+", "Reports having stopped "),
            new Rule("(?:i'm|i am|i've always been|i have always been)\\s+allergic to\\s+", "Reports an allergy to "),
            new Rule("(?:i've been|i have been|i'm|i am|i)\\s+(?:feeling|feel|felt)\\s+", "Reports feeling "),
            new Rule("(?:i've been|i have been|i'm|i am|i was)\\s+", "Reports being "),
            new Rule("(?:i think|i guess|i feel like|i believe)\\s+(?:that\\s+)?", "Believes "),
            new Rule("(?:my|the|it|it's|it has|it was|that|this|there's|there is)\\b", "Reports that ", true));
    private static final Pattern PLAN_LEAD = Pattern.compile("(?i)^(?:(?:so|okay|ok|alright|all right|and|now|then)"
            + "[,]?\\s+)*(?:i'm going to|i am going to|i'm gonna|we're going to|we are going to|we're gonna|i'll|i will|"
            + "we'll|we will|let's|let us|i'd like to|i would like to|i'd like|i would like|i want to|we should|we need to|i need to|"
            + "i want you to|i'd like you to|i would like you to|i need you to|you should|you need to|make sure you|"
            + "please|go ahead and|you can|you'll|you will)\\s+(?:go ahead and\\s+|also\\s+|just\\s+)*");
    private static final Pattern IMPRESSION_LEAD = Pattern.compile("(?i)^(?:(?:so|okay|ok|alright|and|well)[,]?\\s+)*"
            + "(?:i think|i suspect|i believe|my impression is|my sense is|it sounds like|this sounds like|"
            + "it looks like|this looks like|it seems like|it seems)\\s+(?:that\\s+)?");
    private static final Pattern EXAM_LEAD = Pattern.compile("(?i)^(?:(?:so|okay|ok|alright|and|now|good)[,.]?\\s+)*"
            + "(?:on exam(?:ination)?,?\\s+)?(?:your\\s+)?");

    private record Rule(Pattern lead, String replacement, boolean keepLead) {
        Rule(String lead, String replacement) {
            this(Pattern.compile("(?i)^" + lead), replacement, false);
        }

        Rule(String lead, String replacement, boolean keepLead) {
            this(Pattern.compile("(?i)^" + lead), replacement, keepLead);
        }
    }

    private ReportedSpeech() {
    }

    /** A patient's (or companion's) statement as reported speech; null when it says nothing to report. */
    static String patient(String said) {
        String s = strip(said);
        boolean leadingNo = NO_LEAD.matcher(s).find();
        s = NO_LEAD.matcher(s).replaceFirst("");
        s = FILLER.matcher(s).replaceFirst("");
        if (s.isEmpty() || s.endsWith("?")) {
            return null;
        }
        for (Rule rule : PATIENT) {
            Matcher m = rule.lead().matcher(s);
            if (m.lookingAt()) {
                String rest = rule.keepLead() ? s : s.substring(m.end());
                if (rest.isBlank()) {
                    return null;
                }
                return sentence(rule.replacement() + thirdPerson(lowerFirst(rest)));
            }
        }
        if (leadingNo && s.toLowerCase(Locale.ROOT).startsWith("i ")) {
            return sentence("Denies that " + thirdPerson(s));
        }
        return sentence("Reports that " + thirdPerson(lowerFirst(s)));
    }

    /** The clinician's plan as an order: "Let's start lisinopril" → "Start lisinopril." */
    static String plan(String said) {
        String s = strip(said);
        Matcher m = PLAN_LEAD.matcher(s);
        String rest = m.lookingAt() ? s.substring(m.end()) : FILLER.matcher(s).replaceFirst("");
        return rest.isBlank() ? null : sentence(upperFirst(secondToThird(rest)));
    }

    /** The clinician's impression: "I think this is a viral infection" → "Impression: this is a viral infection." */
    static String impression(String said) {
        String s = strip(said);
        Matcher m = IMPRESSION_LEAD.matcher(s);
        String rest = m.lookingAt() ? s.substring(m.end()) : FILLER.matcher(s).replaceFirst("");
        return rest.isBlank() ? null : sentence("Impression: " + lowerFirst(secondToThird(rest)));
    }

    /** An exam or measurement said aloud: "Your lungs sound clear" → "Lungs sound clear." */
    static String finding(String said) {
        String s = strip(said);
        String rest = EXAM_LEAD.matcher(s).replaceFirst("");
        return rest.isBlank() ? null : sentence(upperFirst(secondToThird(rest)));
    }

    private static String strip(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static final Pattern[][] FIRST_TO_THIRD = {
        {Pattern.compile("(?i)\\bi'm\\b"), null}, {Pattern.compile("(?i)\\bi am\\b"), null},
        {Pattern.compile("(?i)\\bi've\\b"), null}, {Pattern.compile("(?i)\\bi'd\\b"), null},
        {Pattern.compile("(?i)\\bi'll\\b"), null}, {Pattern.compile("(?i)\\bi was\\b"), null},
        {Pattern.compile("\\bI\\b"), null}, {Pattern.compile("(?i)\\bmy\\b"), null},
        {Pattern.compile("(?i)\\bmyself\\b"), null}, {Pattern.compile("(?i)\\bme\\b"), null},
        {Pattern.compile("(?i)\\bmine\\b"), null}};
    private static final String[] THIRD = {"they are", "they are", "they have", "they would", "they will",
        "they were", "they", "their", "themselves", "them", "theirs"};

    /** The patient's first person in the third ("they", the singular of a person not named). */
    static String thirdPerson(String s) {
        String out = s;
        for (int i = 0; i < FIRST_TO_THIRD.length; i++) {
            out = FIRST_TO_THIRD[i][0].matcher(out).replaceAll(THIRD[i]);
        }
        return out;
    }

    /** What the clinician said to the patient, said of the patient: "your" → "the patient's". */
    static String secondToThird(String s) {
        return s.replaceAll("(?i)\\byou're\\b", "the patient is").replaceAll("(?i)\\byou've\\b", "the patient has")
                .replaceAll("(?i)\\byourself\\b", "themselves").replaceAll("(?i)\\byour\\b", "the patient's")
                .replaceAll("(?i)\\byou\\b", "the patient");
    }

    private static String sentence(String s) {
        String t = s.strip().replaceAll("[,;:\\s]+$", "");
        if (t.isEmpty()) {
            return null;
        }
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' ? t.replaceAll("!$", ".") : t + ".";
    }

    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))
                && !s.startsWith("I ") && !s.startsWith("I'")) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    private static String upperFirst(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
