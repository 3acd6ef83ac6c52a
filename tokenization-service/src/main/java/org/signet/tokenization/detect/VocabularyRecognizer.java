package org.signet.tokenization.detect;

import java.util.Arrays;
import java.util.List;

/**
 * Names and places found by what English does not know, in any letter case: the layer that holds when text is
 * written in capitals, in lower case or telegraphically, where the capitalisation {@link NameRecognizer} relies on
 * says nothing. It reads each word's {@link Vocabulary} bits and calls a word a name or place when
 * <ul>
 *   <li>a title or a relation comes before it ("DR SWACKHAMER", "dr. cozzi", "husband milovan") and it is not an
 *       ordinary or closed-class word of English;</li>
 *   <li>it signs a line before a credential ("Q. LANDER RRT", "V. Finn, RRT");</li>
 *   <li>it is on an English given-name or surname list and no dictionary knows it as a word, acronym or
 *       medicine ("NICHOLSON", "thelma");</li>
 *   <li>it is a place WordNet knows and no dictionary knows as a word ("BALTIMORE"), or its words are a place's or
 *       a hospital's distinctive words ("San Diego", "Holy Cross").</li>
 * </ul>
 * Ordinary words never become names here on their own ("WILL", "HAND", "MIN"): only a cue makes one a name.
 */
public final class VocabularyRecognizer implements ScanRecognizer {

    public static final VocabularyRecognizer INSTANCE = new VocabularyRecognizer();

    private static final String[] TITLES = {"dr", "doctor", "mr", "mrs", "ms", "miss", "mister", "prof",
            "professor", "drs"};
    private static final String[] RELATIONS = {"husband", "wife", "son", "daughter", "sister", "brother", "mother",
            "father", "mom", "dad", "friend", "niece", "nephew", "grandson", "granddaughter", "grandmother",
            "grandfather", "aunt", "uncle", "cousin", "boyfriend", "girlfriend", "fiance", "fiancee", "partner",
            "spouse", "stepdaughter", "stepson", "sibling", "sis", "bro", "neighbor", "neighbour", "roommate"};
    /** Credentials that sign a note's line ("RRT" ends "Q. LANDER RRT"). */
    private static final String[] CREDENTIALS = {"rn", "rrt", "crt", "rt", "md", "np", "pa", "lpn", "sn", "bsn",
            "cna", "pct", "msw", "lcsw", "rnc", "ccrn", "crnp", "rpt", "pa-c", "phd"};

    private static final int TITLE = 1;
    private static final int RELATION = 2;
    private static final int CREDENTIAL = 4;
    private static final WordTable CUES = cues();

    private static final double CUED = 0.8;
    private static final double LISTED = 0.6;
    /** The most words a cued name runs over ("Van Der Berg"). */
    private static final int MAX_NAME_WORDS = 3;

    private VocabularyRecognizer() {
    }

    private static WordTable cues() {
        java.util.Map<String, Integer> m = new java.util.HashMap<>();
        for (String t : TITLES) {
            m.merge(t, TITLE, (a, b) -> a | b);
        }
        for (String r : RELATIONS) {
            m.merge(r, RELATION, (a, b) -> a | b);
        }
        for (String c : CREDENTIALS) {
            m.merge(c, CREDENTIAL, (a, b) -> a | b);
        }
        return new WordTable(m);
    }

    @Override
    public String name() {
        return "vocabulary";
    }

    /** The words of a text: runs of letters joined over an inner "'" or "-"; letters glued to digits are codes. */
    private static final class Words {
        final String text;
        final int size;
        final int[] start;
        final int[] end;
        private final int[] bits;
        private final int[] cues;

        private Words(String text, int[] start, int[] end, int size) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.size = size;
            this.bits = new int[size];
            this.cues = new int[size];
            Arrays.fill(bits, -1);
            Arrays.fill(cues, -1);
        }

        static Words of(TextScan scan) {
            String text = scan.text;
            int n = scan.length;
            int[] start = new int[scan.words];
            int[] end = new int[scan.words];
            int size = 0;
            int skipUntil = 0;
            for (int k = 0; k < scan.words; k++) {
                int s = scan.wordStart[k];
                if (s < skipUntil) {
                    continue;
                }
                int e = scan.wordEnd[k];
                while (k + 1 < scan.words && scan.wordStart[k + 1] == e + 1
                        && (text.charAt(e) == '\'' || text.charAt(e) == '-')) {
                    e = scan.wordEnd[++k];
                }
                if (e < n && TextScan.isDigit(text.charAt(e)) || s > 0 && TextScan.isDigit(text.charAt(s - 1))) {
                    while (e < n && Character.isLetterOrDigit(text.charAt(e))) {
                        e++;
                    }
                    skipUntil = e;
                    continue;
                }
                start[size] = s;
                end[size++] = e;
            }
            return new Words(text, start, end, size);
        }

        int length(int i) {
            return end[i] - start[i];
        }

        int bits(int i) {
            int b = bits[i];
            return b >= 0 ? b : (bits[i] = Vocabulary.bits(text, start[i], end[i]));
        }

        boolean cue(int i, int cue) {
            int c = cues[i];
            if (c < 0) {
                c = cues[i] = CUES.get(text, start[i], end[i]);
            }
            return (c & cue) != 0;
        }

        /** Whether every letter of word i is a capital. */
        boolean upper(int i) {
            for (int p = start[i]; p < end[i]; p++) {
                if (Character.isLowerCase(text.charAt(p))) {
                    return false;
                }
            }
            return true;
        }

        /** A single letter followed by a full stop: "Q." in "Q. LANDER". */
        boolean initial(int i) {
            return length(i) == 1 && end[i] < text.length() && text.charAt(end[i]) == '.';
        }

        /** The chars between word i and word i + 1. */
        boolean gapIn(int i, int max, String allowed) {
            int gap = start[i + 1] - end[i];
            if (gap < 1 || gap > max) {
                return false;
            }
            for (int p = end[i]; p < start[i + 1]; p++) {
                if (allowed.indexOf(text.charAt(p)) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void detect(TextScan scan, List<PhiSpan> out) {
        Words w = Words.of(scan);
        int n = w.size;
        for (int i = 0; i < n; i++) {
            int phraseEnd = phrase(w, i, out);
            if (phraseEnd > i) {
                i = phraseEnd - 1;
                continue;
            }
            if (i > 0 && w.gapIn(i - 1, 3, ". ") && w.cue(i - 1, TITLE)) {
                int last = nameRun(w, i, false);
                if (last >= i) {
                    out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[last], name(), CUED));
                    // "Dr. Griffin and Swackhamer"
                    int and = last + 1;
                    if (and + 1 < n && w.text.regionMatches(true, w.start[and], "and", 0, 3) && w.length(and) == 3) {
                        int other = nameRun(w, and + 1, false);
                        if (other > and) {
                            out.add(new PhiSpan(PhiType.NAME, w.start[and + 1], w.end[other], name(), CUED));
                        }
                    }
                    i = last;
                    continue;
                }
            }
            // a relation, or a clinician's credential before the name: "husband milovan", "NP DJURIC made aware"
            if (i > 0 && w.gapIn(i - 1, 3, " :-") && w.cue(i - 1, RELATION | CREDENTIAL)) {
                int last = nameRun(w, i, true);
                if (last >= i) {
                    out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[last], name(), CUED));
                    i = last;
                    continue;
                }
            }
            if (w.cue(i, CREDENTIAL) && signsLine(w, i)) {
                signature(w, i, out);
            }
            if (listedName(w, i)) {
                out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[i], name(), LISTED));
            } else if (place(w, i)) {
                out.add(new PhiSpan(PhiType.CITY, w.start[i], w.end[i], name(), LISTED));
            }
        }
    }

    /**
     * A place or hospital of two or more words starting at word i ("san diego", "Holy Cross"): adds it and returns
     * the index after its last word, or i.
     */
    private int phrase(Words w, int i, List<PhiSpan> out) {
        int max = Math.min(Vocabulary.MAX_PHRASE_WORDS, w.size - i);
        if (max < 2 || Vocabulary.PHRASE_STARTS.get(w.text, w.start[i], w.end[i]) == 0) {
            return i;
        }
        StringBuilder key = new StringBuilder();
        int found = -1;
        int foundBits = 0;
        key.append(w.text, w.start[i], w.end[i]);
        for (int k = 1; k < max; k++) {
            int j = i + k;
            // "St. Agnes": the generator drops the full stop of an abbreviation
            if (!w.gapIn(j - 1, 2, " .")) {
                break;
            }
            key.append(' ').append(w.text, w.start[j], w.end[j]);
            int bits = Vocabulary.PHRASES.get(key.toString(), 0, key.length());
            if ((bits & (Vocabulary.PLACE | Vocabulary.HOSPITAL)) != 0) {
                found = j;
                foundBits = bits;
            }
        }
        if (found < 0) {
            return i;
        }
        PhiType type = (foundBits & Vocabulary.HOSPITAL) != 0 ? PhiType.ORGANIZATION : PhiType.CITY;
        out.add(new PhiSpan(type, w.start[i], w.end[found], name(), LISTED));
        return found + 1;
    }

    /**
     * The last word of a name that starts at word i after a cue, or i - 1 when none does. A name word is any word
     * that is not ordinary English; after a relation ({@code strict}) it must also be on a name list or unknown.
     */
    private static int nameRun(Words w, int i, boolean strict) {
        int last = i - 1;
        int words = 0;
        int j = i;
        while (j < w.size && words < MAX_NAME_WORDS) {
            if (w.initial(j)) {
                if (j + 1 >= w.size || !w.gapIn(j, 2, ". ")) {
                    break;
                }
                j++;
                continue;
            }
            if (!nameWord(w, j, strict)) {
                break;
            }
            last = j;
            words++;
            if (j + 1 >= w.size || !w.gapIn(j, 1, " -")) {
                break;
            }
            j++;
        }
        return last;
    }

    private static boolean nameWord(Words w, int i, boolean strict) {
        int b = w.bits(i);
        if (w.length(i) < 2 || (b & Vocabulary.FUNCTION) != 0 || w.cue(i, TITLE | CREDENTIAL)) {
            return false;
        }
        if ((b & Vocabulary.WORD) != 0 && (b & (Vocabulary.GIVEN | Vocabulary.SURNAME)) == 0
                && (strict || (b & Vocabulary.VERBAL) != 0)) {
            return false; // an ordinary word: "Dr. aware", "husband called"; a noun may be a name: "Dr. Pica"
        }
        if (strict) {
            return b == 0 || (b & (Vocabulary.GIVEN | Vocabulary.SURNAME | Vocabulary.WORLD_NAME
                    | Vocabulary.PROPER | Vocabulary.PERSON)) != 0;
        }
        return true;
    }

    /** Whether only spaces lie between the last line break (or the text's start) and word i. */
    private static boolean lineBreakBefore(Words w, int i) {
        for (int p = w.start[i] - 1; p >= 0; p--) {
            char ch = w.text.charAt(p);
            if (ch == '\n' || ch == '\r') {
                return true;
            }
            if (ch != ' ' && ch != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Whether credential word c ends its line: nothing but spaces and punctuation until the line's end. */
    private static boolean signsLine(Words w, int c) {
        String t = w.text;
        for (int p = w.end[c]; p < t.length(); p++) {
            char ch = t.charAt(p);
            if (ch == '\n' || ch == '\r') {
                return true;
            }
            if (Character.isLetterOrDigit(ch)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name before a line-ending credential. When the line holds nothing else ("irene snell, rn") its words are
     * the name, whatever else they mean; otherwise up to three name words and initials before the credential, and
     * an ordinary word right after an initial ("Q. LANDER RRT").
     */
    private static void signature(Words w, int c, List<PhiSpan> out) {
        int first = c;
        int words = 0;
        boolean wholeLine = true;
        for (int j = c - 1; j >= 0 && words < MAX_NAME_WORDS + 1; j--) {
            if (!w.gapIn(j, 3, " ,.")) {
                wholeLine = lineBreakBefore(w, j + 1);
                break;
            }
            if ((w.bits(j) & Vocabulary.FUNCTION) != 0 && w.length(j) > 1) {
                wholeLine = false;
                break;
            }
            first = j;
            words++;
        }
        if (first < c && wholeLine && (first == 0 ? true : lineBreakBefore(w, first))) {
            out.add(new PhiSpan(PhiType.NAME, w.start[first], w.end[c - 1], "vocabulary", CUED));
            return;
        }
        first = c;
        words = 0;
        for (int j = c - 1; j >= 0 && words < MAX_NAME_WORDS; j--) {
            if (!w.gapIn(j, 3, " ,.")) {
                break;
            }
            if (w.length(j) == 1 && Character.isLetter(w.text.charAt(w.start[j]))) {
                first = j; // an initial
                continue;
            }
            boolean afterInitial = j > 0 && w.initial(j - 1) && (w.bits(j) & Vocabulary.FUNCTION) == 0;
            if (!nameWord(w, j, false) && !afterInitial) {
                break;
            }
            first = j;
            words++;
        }
        if (words > 0) {
            out.add(new PhiSpan(PhiType.NAME, w.start[first], w.end[c - 1], "vocabulary", CUED));
        }
    }

    /**
     * On an English name list, and no dictionary knows it as a word, an acronym or a medicine; nor is it on the
     * detector's not-a-name list.
     */
    private static boolean listedName(Words w, int i) {
        int b = w.bits(i);
        if ((b & (Vocabulary.GIVEN | Vocabulary.SURNAME)) == 0 || w.length(i) < 3
                || (b & (Vocabulary.WORD | Vocabulary.FUNCTION | Vocabulary.MEDICAL | Vocabulary.ACRONYM)) != 0) {
            return false;
        }
        return (Lexicon.NAME_LISTS.get(w.text, w.start[i], w.end[i]) & Lexicon.NOT_NAME) == 0;
    }

    /** A WordNet place that no dictionary knows as a word or a name. */
    private static boolean place(Words w, int i) {
        int b = w.bits(i);
        return (b & Vocabulary.PLACE) != 0 && w.length(i) >= 4
                && (b & (Vocabulary.WORD | Vocabulary.FUNCTION | Vocabulary.GIVEN | Vocabulary.SURNAME
                | Vocabulary.MEDICAL)) == 0
                && !((b & Vocabulary.ACRONYM) != 0 && w.upper(i))
                && (Lexicon.NAME_LISTS.get(w.text, w.start[i], w.end[i]) & Lexicon.NOT_NAME) == 0;
    }
}
