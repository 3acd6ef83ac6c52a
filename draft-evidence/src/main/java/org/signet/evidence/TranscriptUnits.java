package org.signet.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript as the sentences its speakers said, with offsets into the (pseudonymized) transcript. Lines read
 * "Speaker: words"; a line without a label continues the last speaker. A short answer ("No.", "Yes, sometimes.")
 * is joined to the question before it, so "Any chest pain?" + "No." is one unit that says no.
 */
public final class TranscriptUnits {

    public enum Speaker { CLINICIAN, PATIENT, OTHER }

    /**
     * One sentence (or question and short answer): {@code transcript[start, end)}; {@code question} when it asks,
     * {@code answer} the start of the joined answer or -1.
     */
    public record Unit(int index, int start, int end, Speaker speaker, boolean question, int answerStart) {

        public String text(String transcript) {
            return transcript.substring(start, end);
        }
    }

    private static final Pattern LABEL = Pattern.compile(
            "^\\s*([A-Za-z][A-Za-z .'-]{0,24}?|\\[\\[[A-Z_]+_\\d+]])\\s*:\\s*");
    private static final Pattern CLINICIAN = Pattern.compile(
            "(?i)doctor|dr\\.?|clinician|provider|physician|np|pa|md|nurse|rn|lpn|ma|resident|attending|student");
    private static final Pattern PATIENT = Pattern.compile("(?i)patient|pt");
    /** Words an answer of a few words starts with. */
    private static final Pattern SHORT_ANSWER = Pattern.compile(
            "(?i)^\\s*(?:no|nope|nah|not really|never|none|yes|yeah|yep|yup|sometimes|a little|a bit|i do|i don't|"
            + "i have|i haven't|i am|i'm not|uh-huh|mm-hmm|correct|right)\\b.{0,40}$");

    private TranscriptUnits() {
    }

    public static List<Unit> of(String transcript) {
        List<Unit> units = new ArrayList<>();
        if (transcript == null || transcript.isEmpty()) {
            return units;
        }
        Speaker speaker = Speaker.OTHER;
        int lineStart = 0;
        while (lineStart <= transcript.length()) {
            int lineEnd = transcript.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = transcript.length();
            }
            String line = transcript.substring(lineStart, lineEnd);
            int bodyStart = lineStart;
            Matcher label = LABEL.matcher(line);
            if (label.lookingAt()) {
                speaker = speaker(label.group(1).strip());
                bodyStart = lineStart + label.end();
            }
            String body = transcript.substring(bodyStart, lineEnd);
            boolean wholeTurnShort = SHORT_ANSWER.matcher(body).matches();
            Unit last = units.isEmpty() ? null : units.get(units.size() - 1);
            if (wholeTurnShort && last != null && last.question() && last.answerStart() < 0 && last.speaker() != speaker
                    && !body.isBlank()) {
                units.set(units.size() - 1, new Unit(last.index(), last.start(), trimEnd(transcript, lineEnd),
                        last.speaker(), true, bodyStart));
            } else {
                for (int[] span : SentenceSplitter.split(transcript, bodyStart, lineEnd)) {
                    if (span[1] - span[0] < 2) {
                        continue;
                    }
                    boolean question = transcript.charAt(span[1] - 1) == '?';
                    units.add(new Unit(units.size(), span[0], span[1], speaker, question, -1));
                }
            }
            lineStart = lineEnd + 1;
        }
        return units;
    }

    private static int trimEnd(String text, int end) {
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static Speaker speaker(String label) {
        if (PATIENT.matcher(label).matches()) {
            return Speaker.PATIENT;
        }
        if (CLINICIAN.matcher(label).matches()) {
            return Speaker.CLINICIAN;
        }
        return Speaker.OTHER;
    }
}
