package org.signet.tokenization.detect;

import java.util.Arrays;
import java.util.List;
import org.signet.lexicon.LexiconBits;

/**
 * Names and places found by what English does not know, in any letter case: the layer that holds when text is
 * written in capitals, in lower case or telegraphically, where the capitalisation {@link NameRecognizer} relies on
 * says nothing. It reads each word's {@link Vocabulary} bits and calls a word a name or place when
 * <ul>
 *   <li>a title or a relation comes before it ("DR ZWOLINSKI", "dr. fenwarth", "husband tadeusz") and it is not an
 *       ordinary or closed-class word of English;</li>
 *   <li>it signs a line before a credential ("Q. BRIDGER RRT", "R. Pellegrino-Haas, RRT");</li>
 *   <li>it is on an English given-name or surname list and no dictionary knows it as a word, acronym or
 *       medicine ("CORMIER", "gwendolyn");</li>
 *   <li>it is a place WordNet knows and no dictionary knows as a word ("TUCSON"), or its words are a place's or
 *       a hospital's distinctive words ("san diego", "st vincent").</li>
 * </ul>
 * Ordinary words never become names here on their own ("WILL", "HAND", "MIN"): only a cue makes one a name.
 */
public final class VocabularyRecognizer implements ScanRecognizer {

    public static final VocabularyRecognizer INSTANCE = new VocabularyRecognizer();

    private static final String[] TITLES = {"dr", "doctor", "mr", "mrs", "ms", "mx", "miss", "mister", "prof",
            "professor", "drs"};
    private static final String[] RELATIONS = {"husband", "wife", "son", "daughter", "sister", "brother", "mother",
            "father", "mom", "dad", "friend", "niece", "nephew", "grandson", "granddaughter", "grandmother",
            "grandfather", "aunt", "uncle", "cousin", "boyfriend", "girlfriend", "fiance", "fiancee", "partner",
            "spouse", "stepdaughter", "stepson", "sibling", "sis", "bro", "neighbor", "neighbour", "roommate"};
    /** Credentials that sign a note's line ("RRT" ends "Q. BRIDGER RRT"). */
    private static final String[] CREDENTIALS = {"rn", "rrt", "crt", "rt", "md", "np", "pa", "lpn", "sn", "bsn",
            "cna", "pct", "msw", "lcsw", "rnc", "ccrn", "crnp", "rpt", "pa-c", "phd", "ho"};

    /** Verbs of going to or being seen at a place: "seen at", "admitted to", "transferred from". */
    private static final String[] VISITS = {"seen", "treated", "admitted", "admit", "presented", "presenting",
            "presents", "evaluated", "checked", "transferred", "transfer", "transferring", "discharged", "discharge",
            "referred", "visited", "accepted", "screened", "followed", "managed", "operated", "conducted",
            "reviewed", "came", "brought", "sent", "returned", "taken", "delivered", "born", "hospitalized",
            "hospitalised", "assessed", "examined", "diagnosed", "attending", "works", "worked", "employed",
            "lives", "living", "resides", "residing", "moved", "visiting", "staying", "arrived", "flown",
            "transported", "going", "went", "adm", "xfer", "xferred", "tx"};
    /** Verbs of where a person lives, which reach a few words ahead to "in": "lives alone in", "lives with son in". */
    private static final String[] RESIDENCES = {"live", "lives", "lived", "living", "reside", "resides", "resided",
            "residing", "moved", "relocated", "stays", "stay", "staying"};
    /**
     * What is said of people, not of things: a bare word on a name list is a name only within a few words of one
     * ("family discussed this orla", "Carmody aware"), since the lists hold the eponyms of the ward ("fick", "quinton
     * catheter", "kling").
     */
    private static final String[] PERSON_CUES = {"aware", "notified", "called", "calling", "paged", "spoke", "spoken",
            "discussed", "updated", "visited", "visiting", "visit", "says", "said", "states", "stated", "asked",
            "talked", "informed", "told", "explained", "agrees", "agreed", "consent", "consented", "met", "phoned",
            "family", "wishes", "requests", "requested", "declined", "decided", "signed", "contacted", "expressed",
            "reviewed", "reports", "reported", "denies", "denied", "complains", "presents", "presented", "endorses",
            "arrived", "returned", "fell", "feels", "felt", "wants", "wanted", "works", "worked", "woke", "slept",
            "walked", "understands", "prefers"};
    /** Facility words that begin a hospital's name of their own: "MEMORIAL HOSPITAL", "Regional Medical Center". */
    private static final String[] NAMING_FACILITIES = {"memorial", "regional", "general", "community"};
    /** The prepositions after such a verb that lead to the place. */
    private static final String[] PLACE_PREPOSITIONS = {"at", "to", "from", "into", "in", "by"};
    /** Words a place's name may begin with after the preposition and still be read past: "at our Seattle clinic". */
    private static final String[] PLACE_LEADS = {"our", "the", "their", "his", "her"};
    /** Facility nouns that end a place's name, in any case: "Tucson clinic", "Westbury med center". */
    private static final String[] FACILITIES = {"clinic", "hospital", "hosp", "center", "centre", "facility",
            "office", "medical", "med", "health", "rehab", "practice", "institute", "infirmary", "hospice", "memorial",
            "regional", "campus"};

    /*
     * Bits of FACTS: the Vocabulary bits of a word on a name or place list in the low 16 bits, whether a phrase
     * starts with it, and its cue bits above.
     */
    private static final int NAME_OR_PLACE_BITS = 0xFFFF;
    private static final int PHRASE_START = 1 << 16;
    private static final int TITLE = 1 << 17;
    private static final int RELATION = 1 << 18;
    private static final int CREDENTIAL = 1 << 19;
    private static final int VISIT = 1 << 20;
    private static final int PLACE_PREPOSITION = 1 << 21;
    private static final int PLACE_LEAD = 1 << 22;
    private static final int FACILITY = 1 << 23;
    private static final int MONTH_OR_DAY = 1 << 24;
    private static final int UNIT = 1 << 25;
    /** On the detector's not-a-name list ({@link Lexicon#NOT_NAMES}). */
    private static final int NOT_NAME = 1 << 26;
    private static final int RESIDENCE = 1 << 27;
    private static final int NAMING_FACILITY = 1 << 28;
    /** Titles of address that a name always follows ("mrs. lantern"), unlike "Dr.", which may precede "aware". */
    private static final int ADDRESS_TITLE = 1 << 29;
    private static final int PERSON_CUE = 1 << 30;
    /** A hospital's own units and the places a patient goes inside it: never a place's name after "transfer to". */
    private static final String[] UNITS = {"icu", "micu", "sicu", "ccu", "cicu", "csru", "nicu", "picu", "pacu",
            "tsicu", "ed", "er", "or", "cath", "lab", "floor", "ward", "unit", "tele", "telemetry", "stepdown", "rehab",
            "home", "osh", "ir", "ct", "mri", "radiology", "dialysis", "hospice", "snf", "ltac", "nursing", "ep", "cvicu",
            "ctu", "pcu", "imcu", "ew", "nh", "ecf", "ltach", "pt", "ot", "us", "echo", "cxr", "gi", "icu's", "bed",
            "room", "bedside", "step", "down", "recovery", "holding", "team", "service"};
    /** What the rules ask of every word, in one lookup: see the bits above. */
    private static final PackedWordTable FACTS = facts();

    /** Units that make a number after a word a dose or a measure ("levophed 5 mcg"), not a ward. */
    private static final WordTable DOSE_UNITS = WordTable.of(List.of("mg", "mcg", "g", "kg", "ml", "cc", "l",
            "units", "unit", "u", "iu", "meq", "mmol", "mm", "cm", "hr", "hrs", "h", "min", "mins", "minutes", "hours",
            "days", "x", "times", "puffs", "puff", "tabs", "tab", "tablets", "caps", "liters", "lpm", "gtt", "drops",
            "amps", "amp", "mls", "ng", "breaths", "bpm"));

    private static final double CUED = 0.8;
    private static final double LISTED = 0.6;
    private static final double VISITED = 0.65;
    /** The most words a cued name runs over ("Van Der Berg"). */
    private static final int MAX_NAME_WORDS = 3;

    private VocabularyRecognizer() {
    }

    private static PackedWordTable facts() {
        java.util.Map<String, Integer> m = new java.util.HashMap<>(Vocabulary.namesAndPlaces());
        PackedWordTable.mark(m, PHRASE_START, Vocabulary.phraseStarts().toArray(String[]::new));
        PackedWordTable.mark(m, NOT_NAME, Lexicon.NOT_NAMES.toArray(String[]::new));
        PackedWordTable.mark(m, TITLE, TITLES);
        PackedWordTable.mark(m, RELATION, RELATIONS);
        PackedWordTable.mark(m, CREDENTIAL, CREDENTIALS);
        for (String month : CueWords.MONTHS) {
            PackedWordTable.mark(m, MONTH_OR_DAY, month.toLowerCase(java.util.Locale.ROOT),
                    month.substring(0, 3).toLowerCase(java.util.Locale.ROOT));
        }
        PackedWordTable.mark(m, MONTH_OR_DAY, "sept", "monday", "tuesday", "wednesday", "thursday", "friday",
                "saturday", "sunday", "today", "yesterday", "tomorrow", "tonight");
        PackedWordTable.mark(m, VISIT, VISITS);
        PackedWordTable.mark(m, PLACE_PREPOSITION, PLACE_PREPOSITIONS);
        PackedWordTable.mark(m, PLACE_LEAD, PLACE_LEADS);
        PackedWordTable.mark(m, FACILITY, FACILITIES);
        PackedWordTable.mark(m, UNIT, UNITS);
        PackedWordTable.mark(m, RESIDENCE, RESIDENCES);
        PackedWordTable.mark(m, NAMING_FACILITY, NAMING_FACILITIES);
        PackedWordTable.mark(m, ADDRESS_TITLE, "mr", "mrs", "ms", "mister");
        PackedWordTable.mark(m, PERSON_CUE, PERSON_CUES);
        for (String visit : VISITS) {
            PackedWordTable.mark(m, VISIT, Vocabulary.misspellings(visit).toArray(String[]::new));
        }
        return new PackedWordTable(m);
    }

    @Override
    public String name() {
        return "vocabulary";
    }

    /** The words of a text, as {@link TextScan#joinWords} joins them, with what the rules ask of each. */
    private static final class Words {
        final String text;
        final int size;
        final int[] start;
        final int[] end;
        /** {@link #FACTS} bits, or -1 until looked up. */
        private final int[] facts;

        private final TextScan scan;

        private Words(TextScan scan, String text, int[] start, int[] end, int size) {
            this.scan = scan;
            this.text = text;
            this.start = start;
            this.end = end;
            this.size = size;
            this.facts = new int[size];
            Arrays.fill(facts, -1);
        }

        static Words of(TextScan scan) {
            scan.joinWords();
            return new Words(scan, scan.text, scan.joinedStart, scan.joinedEnd, scan.joined);
        }

        int length(int i) {
            return end[i] - start[i];
        }

        /** The {@link Vocabulary} bits of word i. */
        int bits(int i) {
            return scan.joinedVocabulary(i);
        }

        /** Whether the text is written in capitals (computed once per scan, when a rule first asks). */
        boolean shouting() {
            return scan.shouting();
        }

        /**
         * The bits of word i when it is on a name or place list, else 0: asks the small table first, so the large
         * one is read only for the words that are on one.
         */
        int nameOrPlaceBits(int i) {
            return facts(i) & NAME_OR_PLACE_BITS;
        }

        boolean cue(int i, int cue) {
            return (facts(i) & cue) != 0;
        }

        int facts(int i) {
            int c = facts[i];
            return c >= 0 ? c : (facts[i] = FACTS.find(scan.joinedHash(i)) & Integer.MAX_VALUE);
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

        /** A single letter followed by a full stop: "Q." in "Q. BRIDGER". */
        boolean initial(int i) {
            return length(i) == 1 && end[i] < text.length() && text.charAt(end[i]) == '.';
        }

        /** Whether word i starts a sentence, a clause or a line. */
        boolean sentenceStartAt(int i) {
            return i == 0 || sentenceBreak(text, end[i - 1], start[i]);
        }

        /** The chars between word i and word i + 1. */
        boolean gapIn(int i, int max, String allowed) {
            int gap = start[i + 1] - end[i];
            if (gap == 1) {
                return allowed.indexOf(text.charAt(end[i])) >= 0;
            }
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
            if (i > 0 && w.gapIn(i - 1, 3, ". ") && w.cue(i - 1, TITLE) && !mentalStatus(w, i - 1)) {
                int last = nameRun(w, i, false, addressTitle(w, i - 1));
                if (last >= i) {
                    out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[last], name(), CUED));
                    // "Dr. Pilsudka and Vorhees"
                    int and = last + 1;
                    if (and + 1 < n && w.text.regionMatches(true, w.start[and], "and", 0, 3) && w.length(and) == 3
                            && w.gapIn(last, 1, " ")) {
                        int other = nameRun(w, and + 1, false, false);
                        if (other > and) {
                            out.add(new PhiSpan(PhiType.NAME, w.start[and + 1], w.end[other], name(), CUED));
                        }
                    }
                    i = last;
                    continue;
                }
                if (w.initial(i) && !mentalStatus(w, i - 1)) {
                    out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[i] + 1, name(), CUED)); // "Mr. W."
                    continue;
                }
            }
            // a relation, or a clinician's credential before the name: "husband tadeusz", "NP KRALEVICH notified"
            if (i > 0 && w.gapIn(i - 1, 3, " :-") && w.cue(i - 1, RELATION | CREDENTIAL)
                    && (w.cue(i - 1, RELATION) || afterCredential(w, i))) {
                int last = nameRun(w, i, true, false);
                if (last >= i) {
                    out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[last], name(), CUED));
                    i = last;
                    continue;
                }
            }
            if (w.cue(i, PLACE_PREPOSITION) && (i > 0 && w.cue(i - 1, VISIT) && w.gapIn(i - 1, 1, " ")
                    || atCapitalised(w, i) || afterUnit(w, i) || residenceBefore(w, i))) {
                int last = placeAfterVisit(w, i + 1, out);
                if (last <= i && residenceBefore(w, i)) {
                    last = townOfOrdinaryWords(w, i + 1, out);
                }
                if (last > i) {
                    i = last;
                    continue;
                }
            }
            if (w.cue(i, CREDENTIAL) && signsLine(w, i)) {
                signature(w, i, out);
            }
            // "MARGIT OSTROWSKA (DAUGHTER)": a relation in brackets right after a name
            if (i + 1 < w.size && w.cue(i + 1, RELATION) && w.gapIn(i, 3, " (")
                    && w.text.charAt(w.start[i + 1] - 1) == '(') {
                int first = i;
                while (first > i - 2 && first > 0 && w.gapIn(first - 1, 1, " ") && nameWord(w, first - 1, true)) {
                    first--;
                }
                if (nameWord(w, i, true)) {
                    out.add(new PhiSpan(PhiType.NAME, w.start[first], w.end[i], name(), CUED));
                    continue;
                }
            }
            // "U Ravensholt consult": a university by its initial and its place
            if (w.length(i) == 1 && w.text.charAt(w.start[i]) == 'U' && standsAlone(w, i) && i + 1 < w.size
                    && w.gapIn(i, 1, " ") && w.length(i + 1) >= 4
                    && Character.isUpperCase(w.text.charAt(w.start[i + 1]))
                    && (w.bits(i + 1) & (LexiconBits.PLACE | LexiconBits.STATE)) != 0) {
                out.add(new PhiSpan(PhiType.ORGANIZATION, w.start[i], w.end[i + 1], name(), LISTED));
                i++;
                continue;
            }
            // "KEEP HALVORSEN FAMILY AWARE": a name before "family"
            if (i + 1 < w.size && w.gapIn(i, 1, " ") && familyName(w, i)) {
                out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[i], name(), LISTED));
                continue;
            }
            // "to bvh cath lab": a hospital's acronym before a ward, after a preposition
            if (w.cue(i, PLACE_PREPOSITION) && i + 2 < w.size && w.cue(i + 2, UNIT) && w.gapIn(i, 1, " ")
                    && w.gapIn(i + 1, 1, " ") && hospitalAcronym(w, i + 1)) {
                out.add(new PhiSpan(PhiType.ORGANIZATION, w.start[i + 1], w.end[i + 1], name(), VISITED));
                i++;
                continue;
            }
            // "E. Quillfeather", "C. GWENDOLYN": an initial before a name-list word or a capitalised word nothing knows
            if (w.initial(i) && standsAlone(w, i) && i + 1 < w.size && w.gapIn(i, 2, ". ")
                    && initialledName(w, i + 1)) {
                out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[i + 1], name(), LISTED));
                continue; // word i + 1 may begin a name of its own ("orla mae brennick")
            }
            // "GWENDOLYN VOSKUIJLEN", "MAEVE OSTRANDER": a given name before a word nothing knows, or knows only as a name
            if (i + 1 < w.size && w.gapIn(i, 1, " ") && (givenNotWord(w, i) && unknown(w, i + 1, 4)
                    || givenNotOrdinary(w, i) && properNotWord(w, i + 1))) {
                out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[i + 1], name(), LISTED));
                continue;
            }
            // "Memorial Clinic", "Regional Medical Center" written as a name mid-sentence
            if (i + 1 < w.size && w.cue(i, NAMING_FACILITY) && w.cue(i + 1, FACILITY) && w.gapIn(i, 1, " ")
                    && !w.shouting() && Character.isUpperCase(w.text.charAt(w.start[i]))
                    && Character.isUpperCase(w.text.charAt(w.start[i + 1])) && i > 0 && !lineBreakBefore(w, i)
                    && !w.sentenceStartAt(i)) {
                int last = i + 1;
                while (last + 1 < w.size && w.gapIn(last, 1, " ") && w.cue(last + 1, FACILITY)
                        && Character.isUpperCase(w.text.charAt(w.start[last + 1]))) {
                    last++;
                }
                out.add(new PhiSpan(PhiType.ORGANIZATION, w.start[i], w.end[last], name(), LISTED));
                i = last;
                continue;
            }
            // "WESTHAVEN REGIONAL", "Hollisford Hospital": a name, place or unknown word before a facility noun
            if (i + 1 < w.size && w.cue(i + 1, FACILITY) && w.gapIn(i, 1, " ") && facilityName(w, i)) {
                int last = i + 1;
                while (last + 1 < w.size && w.gapIn(last, 1, " ") && w.cue(last + 1, FACILITY)) {
                    last++;
                }
                if (!isMed(w, last)) {
                    out.add(new PhiSpan(PhiType.ORGANIZATION, w.start[i], w.end[last], name(), LISTED));
                    i = last;
                    continue;
                }
            }
            // "BRAMWELLTON 6": a word nothing knows, with a ward or floor number
            if (wardNumberAfter(w.text, w.end[i]) && unknown(w, i, 5) && lettersOnly(w, i) && wardCue(w, i)) {
                out.add(new PhiSpan(PhiType.ORGANIZATION, w.start[i], w.end[i], name(), LISTED));
                continue;
            }
            if (listedName(w, i) && saidOfAPerson(w, i)) {
                out.add(new PhiSpan(PhiType.NAME, w.start[i], w.end[i], name(), LISTED));
            } else if (place(w, i)) {
                out.add(new PhiSpan(PhiType.CITY, w.start[i], w.end[i], name(), LISTED));
            }
        }
    }

    /**
     * A place or hospital of two or more words starting at word i ("san diego", "st vincent"): adds it and returns
     * the index after its last word, or i.
     */
    private int phrase(Words w, int i, List<PhiSpan> out) {
        int max = Math.min(Vocabulary.MAX_PHRASE_WORDS, w.size - i);
        if (max < 2 || !w.cue(i, PHRASE_START)) {
            return i;
        }
        long key = PackedWordTable.extend(PackedWordTable.start(), w.text, w.start[i], w.end[i]);
        int found = -1;
        int foundBits = 0;
        for (int k = 1; k < max && key != 0; k++) {
            int j = i + k;
            // "St. Vincent": the generator drops the full stop of an abbreviation
            if (!w.gapIn(j - 1, 2, " .")) {
                break;
            }
            key = PackedWordTable.extend(PackedWordTable.extend(key, ' '), w.text, w.start[j], w.end[j]);
            int bits = Vocabulary.PHRASES.find(key);
            if ((bits & (LexiconBits.PLACE | LexiconBits.HOSPITAL)) != 0) {
                found = j;
                foundBits = bits;
            }
        }
        if (found < 0) {
            return i;
        }
        PhiType type = (foundBits & LexiconBits.HOSPITAL) != 0 ? PhiType.ORGANIZATION : PhiType.CITY;
        // "st vincent memorial": the facility words after the name are part of it
        int last = found;
        while (last + 1 < w.size && w.gapIn(last, 1, " ") && w.cue(last + 1, FACILITY)) {
            last++;
        }
        if (last > found) {
            type = PhiType.ORGANIZATION;
        } else if ((foundBits & LexiconBits.STATE) != 0) {
            return i; // a state may stand (Safe Harbor): "moved to North Carolina"; not "our New York clinic"
        }
        out.add(new PhiSpan(type, w.start[i], w.end[last], name(), LISTED));
        found = last;
        return found + 1;
    }

    /**
     * The place named right after "seen at", "admitted to", "transfer to" ...: a run of capitalised words (in text
     * written in capitals, words no dictionary knows as ordinary), the unknown words of lower-case text, joined by
     * "of", "&", "St." and ending in a facility noun ("our Tucson clinic", "Westbury Pines", "ravensholt 2",
     * "Hollisford Children's Hospital"). Adds it as an organisation and returns the index of its last word, or the index
     * before {@code from} when there is none.
     */
    private int placeAfterVisit(Words w, int from, List<PhiSpan> out) {
        if (from >= w.size || !w.gapIn(from - 1, 2, " ")) {
            return from - 1; // "AT 0130 ALERT": the place comes right after its preposition
        }
        if (from >= 2 && w.text.regionMatches(true, w.start[from - 1], "by", 0, 2) && w.length(from - 1) == 2
                && w.cue(from - 2, VISIT) && (w.length(from - 2) <= 4
                || w.text.regionMatches(true, w.start[from - 2], "followed", 0, 8))) {
            // "tx by RT": an abbreviated cue ("tx", "adm") leads to a place, never to who acted; "followed by" is
            // what came next ("METROGEL FOLLOWED BY XEROFOAM")
            return from - 1;
        }
        int j = from;
        if (j < w.size && w.cue(j, PLACE_LEAD) && j + 1 < w.size && w.gapIn(j, 1, " ")) {
            j++;
        }
        if (j < w.size && w.cue(j, TITLE)) {
            return from - 1; // "seen by Dr. Lee": a person, which the name rules read
        }
        int first = -1;
        int last = -1;
        boolean person = true;
        boolean generic = true;
        boolean allPlaces = true;
        boolean allStates = true;
        for (int k = j; k < w.size && k - j < 8; k++) {
            // a full stop joins only after an abbreviation or initial ("St. Luke's"), never across sentences
            if (k > j && !(w.gapIn(k - 1, 3, " &'’-")
                    || w.gapIn(k - 1, 2, ". ") && (w.length(k - 1) <= 2 || isJoiner(w, k - 1)))) {
                break;
            }
            boolean named = placeWord(w, k, w.shouting()) || k == j && ordinaryWordOfAPlace(w, k);
            boolean joiner = first >= 0 && k + 1 < w.size && isJoiner(w, k);
            boolean facility = first >= 0 && w.cue(k, FACILITY);
            if (named || facility) {
                if (first < 0) {
                    first = k;
                }
                last = k;
                person &= !facility && (w.bits(k) & (LexiconBits.GIVEN | LexiconBits.SURNAME)) != 0
                        || w.length(k) == 1;
                generic &= OrganizationRecognizer.isGeneric(
                        w.text.substring(w.start[k], w.end[k]).toLowerCase(java.util.Locale.ROOT));
                allStates &= (w.bits(k) & LexiconBits.STATE) != 0;
                allPlaces &= !facility && (w.bits(k) & LexiconBits.PLACE) != 0
                        || Lexicon.PLACE_NAMES.get(w.text, w.start[k], w.end[k]) != 0;
            } else if (!joiner) {
                break;
            }
        }
        if (first < 0) {
            int facilityEnd = facilityNamedByWords(w, j);
            if (facilityEnd >= j) {
                out.add(new PhiSpan(PhiType.ORGANIZATION, w.start[j], w.end[facilityEnd], name(), VISITED));
                return facilityEnd;
            }
            return from - 1;
        }
        if (person && w.text.regionMatches(true, w.start[from - 1], "by", 0, 2)) {
            return from - 1; // "seen by Amy Chen" is a person
        }
        if (allStates) {
            return from - 1; // a state alone may stand (Safe Harbor): "lives with family in TX"; not "NY Presbyterian"
        }
        // "seen by Cardiology Associates" is a department; "admitted to General Hospital" names one
        boolean namedFacility = !w.text.regionMatches(true, w.start[from - 1], "by", 0, 2) && w.cue(last, FACILITY)
                && Character.isUpperCase(w.text.charAt(w.start[first])) && !w.shouting();
        if (generic && !namedFacility || NameRecognizer.eponymAfter(w.text, w.end[last])) {
            return from - 1; // "went to Bell palsy clinic"
        }
        // "moved to Springfield" is a city; the specific recognizers type a place more surely than this cue does
        PhiType type = allPlaces ? PhiType.CITY : PhiType.ORGANIZATION;
        out.add(new PhiSpan(type, w.start[first], w.end[last], name(), VISITED));
        return last;
    }

    /**
     * Right after a visit cue, ordinary words that end in a facility noun name one ("TAKEN TO SILVER BIRCH REGIONAL",
     * "from Memorial Infirmary", "BLACK HERON HOSP"): the index of the last facility word, or -1. Not when every word
     * only describes a kind of facility ("cardiac rehab", "outside hospital"), unless a naming facility word leads
     * two facility nouns ("MEMORIAL INFIRMARY").
     */
    private static int facilityNamedByWords(Words w, int j) {
        int k = j;
        boolean distinctive = false;
        while (k < w.size && k - j < 3 && !w.cue(k, FACILITY) && w.length(k) >= 3
                && (w.bits(k) & LexiconBits.FUNCTION) == 0 && !w.cue(k, UNIT | TITLE | MONTH_OR_DAY | CREDENTIAL)
                && lettersOnly(w, k) && k + 1 < w.size && w.gapIn(k, 1, " ")) {
            distinctive |= !OrganizationRecognizer.isGeneric(
                    w.text.substring(w.start[k], w.end[k]).toLowerCase(java.util.Locale.ROOT));
            k++;
        }
        int nouns = 0;
        int last = -1;
        while (k + nouns < w.size && w.cue(k + nouns, FACILITY) && (nouns == 0 || w.gapIn(k + nouns - 1, 1, " "))) {
            last = k + nouns;
            nouns++;
        }
        if (last < 0 || w.cue(last, UNIT) || isMed(w, last)) {
            return -1; // "transported to nuclear med": "med" ends a facility's name only before its noun
        }
        boolean namingLead = k == j && nouns >= 2 && w.cue(j, NAMING_FACILITY);
        return distinctive || namingLead ? last : -1;
    }

    private static boolean isJoiner(Words w, int k) {
        return w.length(k) == 2 && w.text.regionMatches(true, w.start[k], "of", 0, 2)
                || w.length(k) == 2 && w.text.regionMatches(true, w.start[k], "st", 0, 2);
    }

    /**
     * A word that can be part of a place's name after a visit cue. In text written in capitals, case says nothing,
     * so a word counts when a place or hospital list has it, or when no dictionary knows it and it is too long for
     * the shorthand of the ward ("RAVENSHOLT" counts, "MICU" and "amio" do not).
     */
    private static boolean placeWord(Words w, int k, boolean shouting) {
        int b = w.bits(k);
        if (unitLike(w, k) || !twoLettersInARun(w, k)) {
            return false; // "TO THE MCIU", "the NISICU"; "at X's", "went to C-T scan"
        }
        if ((b & LexiconBits.FUNCTION) != 0 && w.length(k) > 1 || isMonthOrDay(w, k) || w.cue(k, UNIT)) {
            return false;
        }
        if ((b & (LexiconBits.HOSPITAL | LexiconBits.PLACE | LexiconBits.ORGANIZATION)) != 0) {
            return true;
        }
        if ((b & LexiconBits.PROPER) != 0 && (b & (LexiconBits.WORD | LexiconBits.ACRONYM)) == 0 && w.length(k) >= 4) {
            return true; // known only as a proper noun, as a town's name is
        }
        boolean capitalised = Character.isUpperCase(w.text.charAt(w.start[k]));
        if ((!capitalised || shouting) && hospitalAcronym(w, k)) {
            return true; // "to bvh cath lab", "TRANSFERRED TO KMH"
        }
        if (!capitalised || shouting) {
            if (unknown(w, k, 5)) {
                return true;
            }
        }
        if (!capitalised) {
            return false;
        }
        if (shouting) {
            // "TRANSFERRED TO QRVB": after the cue, a short acronym no dictionary knows (a known one, "SVT", "MN",
            // names a hospital only as hospitalAcronym does)
            return w.upper(k) && w.length(k) >= 2 && w.length(k) <= 5 && b == 0;
        }
        // mixed-case text: a capitalised word, or an acronym ("KMH", "Westbury Pines"); but a two-letter acronym
        // right after "at" or "into" is the ward's shorthand ("at MN", "at IV", "went into VT"), a hospital's apart
        if (w.upper(k) && k > 0 && (w.length(k) <= 2 && w.length(k - 1) == 2
                && w.text.regionMatches(true, w.start[k - 1], "at", 0, 2) || (b & LexiconBits.ACRONYM) != 0
                && w.length(k - 1) == 4 && w.text.regionMatches(true, w.start[k - 1], "into", 0, 4))
                && !(k + 1 < w.size && w.gapIn(k, 1, " ") && Character.isUpperCase(w.text.charAt(w.start[k + 1])))) {
            return hospitalAcronym(w, k); // "at NY Presbyterian" goes on
        }
        return !w.upper(k) || w.length(k) >= 2;
    }

    /**
     * Where a person lives, named by two or three ordinary words right after "lives ... in" ("lives alone in white
     * marsh", "LIVES IN GLEN BURNIE WITH WIFE"): a town the lexicons do not know. Not a kind of home ("a nursing
     * home", "assisted living"), nor a state of life or health ("chronic pain"): no function, medical or
     * {@link #NOT_TOWN_WORDS} word, and the run ends the clause. Returns the last word's index, or {@code from - 1}.
     */
    private int townOfOrdinaryWords(Words w, int from, List<PhiSpan> out) {
        int last = from - 1;
        for (int k = from; k < w.size && k < from + 3; k++) {
            int b = w.bits(k);
            if (k > from && !w.gapIn(k - 1, 1, " ") || w.length(k) < 3 || !lettersOnly(w, k)
                    || (b & (LexiconBits.FUNCTION | LexiconBits.MEDICAL)) != 0 || w.cue(k, UNIT | TITLE | RELATION)
                    || isMonthOrDay(w, k) || NOT_TOWN_WORDS.get(w.text, w.start[k], w.end[k]) != 0) {
                break;
            }
            last = k;
        }
        boolean endsClause = last + 1 >= w.size || !w.gapIn(last, 1, " ")
                || (w.bits(last + 1) & LexiconBits.FUNCTION) != 0;
        if (last - from < 1 || !endsClause || figureAfter(w.text, w.end[last])) {
            return from - 1;
        }
        out.add(new PhiSpan(PhiType.CITY, w.start[from], w.end[last], name(), VISITED));
        return last;
    }

    /** Whether a figure comes next after {@code p}, past spaces: "lives in zip code 94103" names no town by words. */
    private static boolean figureAfter(String text, int p) {
        while (p < text.length() && text.charAt(p) == ' ') {
            p++;
        }
        return p < text.length() && Character.isDigit(text.charAt(p));
    }

    /**
     * Words of what kind of home a person lives in ("lives in senior housing", "lives alone in apt") or how ("living
     * in chronic pain"), never of which town.
     */
    private static final WordTable NOT_TOWN_WORDS = WordTable.of(List.of("home", "house", "apartment", "apt",
            "condo", "facility", "living", "nursing", "assisted", "rehab", "shelter", "housing", "community", "group",
            "senior", "retirement", "care", "residence", "building", "area", "town", "city", "country", "county",
            "village", "trailer", "hotel", "motel", "unit", "room", "independent", "own", "private", "public",
            "place", "center", "centre", "street", "family", "household", "boarding", "board", "foster", "halfway",
            "extended", "long", "term", "skilled", "alone", "together", "state", "local", "same", "small", "big",
            "rural", "urban", "suburban", "downtown", "nearby", "poverty", "fear", "isolation", "denial", "squalor",
            "pain", "chronic", "constant", "severe", "distress", "discomfort", "comfort", "peace", "hope", "harmony"));

    /**
     * An ordinary word that begins a place's name when the word after it is surely a place's ("white amrsh", "glen
     * burnie", "silver spring"): on the place lists, or nothing any dictionary knows.
     */
    private static boolean ordinaryWordOfAPlace(Words w, int k) {
        int b = w.bits(k);
        if (k + 1 >= w.size || !w.gapIn(k, 1, " ") || w.length(k) < 3 || !lettersOnly(w, k)
                || (b & LexiconBits.WORD) == 0 || (b & LexiconBits.FUNCTION) != 0 || w.cue(k, UNIT | TITLE)
                || isMonthOrDay(w, k) || unitLike(w, k + 1) || w.cue(k + 1, UNIT)) {
            return false;
        }
        int next = w.bits(k + 1);
        return (next & (LexiconBits.PLACE | LexiconBits.HOSPITAL)) != 0 && (next & LexiconBits.WORD) == 0
                || unknown(w, k + 1, 5);
    }

    /**
     * A short acronym that reads as a hospital's: two to five letters ending in H (hospital) or MC, HC (medical or
     * health center), no ordinary word and no ward's shorthand ("BVH", "kmh"; not "SVT", "MN", "OSH").
     */
    private static boolean hospitalAcronym(Words w, int k) {
        int len = w.length(k);
        if (len < 2 || len > 5 || (w.bits(k) & (LexiconBits.WORD | LexiconBits.FUNCTION)) != 0 || w.cue(k, UNIT)
                || !lettersOnly(w, k)) {
            return false;
        }
        char last = Character.toLowerCase(w.text.charAt(w.end[k] - 1));
        char before = Character.toLowerCase(w.text.charAt(w.end[k] - 2));
        return last == 'h' || last == 'c' && len >= 3 && (before == 'm' || before == 'h');
    }

    /**
     * "at" before a capitalised word, in text not written in capitals: "seen by Dr. Lee at Westbury Pines", "surgery at
     * Westbury Pines". Mid-sentence, a capital after "at" names something.
     */
    private static boolean atCapitalised(Words w, int i) {
        return w.length(i) == 2 && w.text.regionMatches(true, w.start[i], "at", 0, 2) && i + 1 < w.size
                && w.gapIn(i, 1, " ") && Character.isUpperCase(w.text.charAt(w.start[i + 1])) && !w.shouting();
    }

    /** Whether the text is written in capitals: fewer than one letter in five is lower-case. */
    static boolean shouting(String text) {
        int letters = 0;
        int lower = 0;
        for (int p = 0; p < text.length(); p++) {
            char c = text.charAt(p);
            if (c < 128) {
                int folded = c | 0x20;
                if (folded >= 'a' && folded <= 'z') {
                    letters++;
                    if (c >= 'a') {
                        lower++;
                    }
                }
            } else if (Character.isLetter(c)) {
                letters++;
                if (Character.isLowerCase(c)) {
                    lower++;
                }
            }
        }
        return lower * 5 < letters;
    }

    private static boolean isMonthOrDay(Words w, int k) {
        return w.cue(k, MONTH_OR_DAY);
    }

    /**
     * The last word of a name that starts at word i after a cue, or i - 1 when none does. A name word is any word
     * that is not ordinary English; after a relation ({@code strict}) it must also be on a name list or unknown;
     * after "Mrs." ({@code anyFirstWord}) the first word is a name whatever else it means ("mrs. lantern").
     */
    private static int nameRun(Words w, int i, boolean strict, boolean anyFirstWord) {
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
            boolean named = anyFirstWord && words == 0
                    ? w.length(j) >= 2 && (w.bits(j) & LexiconBits.FUNCTION) == 0 && !w.cue(j, TITLE | CREDENTIAL | UNIT)
                    && !shorthand(w, j)
                    : nameWord(w, j, strict);
            if (!named) {
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
        if (w.length(i) < 2 || (b & LexiconBits.FUNCTION) != 0 || w.cue(i, TITLE | CREDENTIAL | UNIT)) {
            return false;
        }
        if (shorthand(w, i)) {
            return false; // "4+ MR. PT HAS MRSA": shorthand after what only looks like a title
        }
        if (b == 0 && ordinaryParts(w, i)) {
            return false; // "DAUGHTER CALLED-UPDATE GIVEN"
        }
        if ((b & LexiconBits.WORD) != 0 && (b & (LexiconBits.GIVEN | LexiconBits.SURNAME)) == 0
                && (strict || (b & LexiconBits.VERBAL) != 0)) {
            return false; // an ordinary word: "Dr. aware", "husband called"; a noun may be a name: "Dr. Pica"
        }
        if (strict) {
            return b == 0 || (b & (LexiconBits.GIVEN | LexiconBits.SURNAME | LexiconBits.WORLD_NAME
                    | LexiconBits.PROPER | LexiconBits.PERSON)) != 0;
        }
        return true;
    }

    /** An acronym English knows, written in capitals, and on no name list ("PT", "MRSA"). */
    private static boolean shorthand(Words w, int i) {
        int b = w.bits(i);
        return (b & LexiconBits.ACRONYM) != 0 && (b & (LexiconBits.GIVEN | LexiconBits.SURNAME)) == 0 && w.upper(i);
    }

    /** An acronym that reads as a ward's: "icu" or "ccu" inside it, or a ward's letters in another order ("MCIU"). */
    private static boolean unitLike(Words w, int k) {
        if (!w.upper(k) || w.length(k) < 3 || w.length(k) > 7) {
            return false;
        }
        String lower = w.text.substring(w.start[k], w.end[k]).toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("icu") || lower.contains("ccu")) {
            return true;
        }
        char[] sorted = lower.toCharArray();
        Arrays.sort(sorted);
        return UNIT_ANAGRAMS.contains(new String(sorted));
    }

    /** The letters of each ward's shorthand, sorted: an acronym with the same letters is that ward misspelt. */
    private static final java.util.Set<String> UNIT_ANAGRAMS = java.util.stream.Stream.of(UNITS)
            .filter(u -> u.length() >= 3 && u.chars().allMatch(Character::isLetter))
            .map(u -> {
                char[] c = u.toCharArray();
                Arrays.sort(c);
                return new String(c);
            }).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Some run of two letters in the word: not "X's" nor "C-T". */
    private static boolean twoLettersInARun(Words w, int k) {
        for (int p = w.start[k] + 1; p < w.end[k]; p++) {
            if (Character.isLetter(w.text.charAt(p)) && Character.isLetter(w.text.charAt(p - 1))) {
                return true;
            }
        }
        return false;
    }

    /** A word joined by hyphens whose every part is an ordinary word ("called-update", "low-mid"). */
    private static boolean ordinaryParts(Words w, int i) {
        int from = w.start[i];
        boolean hyphen = false;
        for (int p = w.start[i]; p <= w.end[i]; p++) {
            if (p == w.end[i] || w.text.charAt(p) == '-') {
                if (p - from < 2 || (Vocabulary.bits(w.text, from, p) & LexiconBits.WORD) == 0) {
                    return false;
                }
                hyphen |= p < w.end[i];
                from = p + 1;
            }
        }
        return hyphen;
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
     * The name before a line-ending credential. When the line holds nothing else ("marta kowalczyk, rn") its words are
     * the name, whatever else they mean; otherwise up to three name words and initials before the credential, and
     * an ordinary word right after an initial ("Q. BRIDGER RRT").
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
            if ((w.bits(j) & LexiconBits.FUNCTION) != 0 && w.length(j) > 1) {
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
            boolean afterInitial = j > 0 && w.initial(j - 1) && (w.bits(j) & LexiconBits.FUNCTION) == 0;
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
     * A person cue, relation or title within four words of word i, in the same sentence: "family discussed this
     * orla", "CORMIER AWARE", "per wife, LOUELLA".
     */
    private static boolean saidOfAPerson(Words w, int i) {
        return saidOfAPerson(w.text, w.start, w.end, w.size, i, w::facts);
    }

    /** Whether text[start, end) is a title of address or rank ("Dr", "Mrs", "Prof"). */
    static boolean title(String text, int start, int end) {
        return (FACTS.get(text, start, end) & TITLE) != 0;
    }

    /** Whether text[start, end) is a clinician's credential ("RN", "HO", "RRT"). */
    static boolean credential(String text, int start, int end) {
        return (FACTS.get(text, start, end) & CREDENTIAL) != 0;
    }

    /** {@link #saidOfAPerson(Words, int)} over the joined words of a {@link TextScan}, for the other name rules. */
    static boolean saidOfAPerson(String text, int[] start, int[] end, int size, int i) {
        return saidOfAPerson(text, start, end, size, i, k -> FACTS.get(text, start[k], end[k]));
    }

    /** The scan both callers share; {@code factsOf} gives word k's {@link #FACTS} bits (cached or looked up). */
    private static boolean saidOfAPerson(String text, int[] start, int[] end, int size, int i,
                                         java.util.function.IntUnaryOperator factsOf) {
        for (int k = i - 1; k >= 0 && k >= i - 4 && !sentenceBreak(text, end[k], start[k + 1]); k--) {
            if ((factsOf.applyAsInt(k) & (PERSON_CUE | RELATION | TITLE | CREDENTIAL)) != 0) {
                return true;
            }
        }
        for (int k = i + 1; k < size && k <= i + 4 && !sentenceBreak(text, end[k - 1], start[k]); k++) {
            if ((factsOf.applyAsInt(k) & (PERSON_CUE | RELATION)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the chars in [from, to) end a sentence, a clause or a line. */
    static boolean sentenceBreak(String text, int from, int to) {
        for (int p = from; p < to; p++) {
            char c = text.charAt(p);
            boolean stop = (c == '.' || c == '-') && (p + 1 == text.length() || !Character.isDigit(text.charAt(p + 1)))
                    && (c == '.' || p + 1 < to && text.charAt(p + 1) == ' ');
            if (stop || c == ';' || c == ':' || c == '\n' || c == '\r' || c == '|' || c == '!' || c == '?') {
                return true;
            }
        }
        return false;
    }

    /**
     * On an English name list, and no dictionary knows it as a word, an acronym or a medicine; nor is it on the
     * detector's not-a-name list.
     */
    private static boolean listedName(Words w, int i) {
        int b = w.nameOrPlaceBits(i);
        if ((b & (LexiconBits.GIVEN | LexiconBits.SURNAME)) == 0 || w.length(i) < 3
                || (b & (LexiconBits.WORD | LexiconBits.FUNCTION | LexiconBits.MEDICAL | LexiconBits.ACRONYM)) != 0) {
            return false;
        }
        return !w.cue(i, NOT_NAME);
    }

    /**
     * A word that can name a facility before its noun: on a name or place list, a proper noun, or unknown (five
     * letters or more, a misspelling included: "HOLISFORD HOSP"); never an ordinary word, a closed-class word, a ward's
     * shorthand or a facility noun itself ("CARDIAC REHAB", "THE HOSPITAL", "MICU REHAB").
     */
    private static boolean facilityName(Words w, int i) {
        if (w.cue(i, FACILITY | UNIT | TITLE | CREDENTIAL | MONTH_OR_DAY) || w.length(i) < 3) {
            return false;
        }
        int b = w.bits(i);
        if ((b & (LexiconBits.FUNCTION | LexiconBits.ACRONYM)) != 0) {
            return false;
        }
        if ((b & LexiconBits.WORD) != 0) {
            return (b & (LexiconBits.GIVEN | LexiconBits.SURNAME | LexiconBits.PLACE)) != 0 && !w.upper(i)
                    ? Character.isUpperCase(w.text.charAt(w.start[i])) : (b & LexiconBits.PLACE) != 0;
        }
        if (b != 0) {
            return true;
        }
        // an ordinary word's possessive names a kind of hospital, not one: "Children's Hospital", "Women's Clinic"
        return w.length(i) >= 5 && !Vocabulary.possessiveOf(w.text, w.start[i], w.end[i], LexiconBits.WORD);
    }

    /**
     * After a credential, which is as often the shorthand of the ward ("RT" right, "PA" pulmonary artery, "MD" ...
     * "PO"), word i names a clinician when it is no acronym, and a given name ("NP CAROL") or no ordinary word.
     */
    private static boolean afterCredential(Words w, int i) {
        int b = w.bits(i);
        if (b == 0 && (w.upper(i) && w.length(i) <= 4 && !w.shouting()
                || Vocabulary.possessiveOf(w.text, w.start[i], w.end[i], LexiconBits.WORD | LexiconBits.ACRONYM))) {
            return false; // "ho CRI", "rpt ABG's": shorthand, not a clinician
        }
        return b == 0 || (b & LexiconBits.ACRONYM) == 0
                && ((b & LexiconBits.GIVEN) != 0 || (b & LexiconBits.WORD) == 0);
    }

    /**
     * "Mr", "Mrs", "Mister", or "Ms." written so: a name follows whatever it is. "MS" and "ms" are as often mental
     * status or morphine ("MS changes", "ms given").
     */
    private static boolean addressTitle(Words w, int t) {
        return w.cue(t, ADDRESS_TITLE) && (!isMs(w, t)
                || !mentalStatus(w, t) && w.end[t] < w.text.length() && w.text.charAt(w.end[t]) == '.');
    }

    /** "ms" or "MS" without the capitalisation of a title: mental status or morphine ("MS changes", "ms contin"). */
    private static boolean mentalStatus(Words w, int t) {
        return isMs(w, t) && !(w.text.charAt(w.start[t]) == 'M' && w.text.charAt(w.start[t] + 1) == 's');
    }

    private static boolean isMs(Words w, int t) {
        return w.length(t) == 2 && w.text.regionMatches(true, w.start[t], "ms", 0, 2);
    }

    /** Word i is not the tail of a contraction or a number's plural ("60'S.", "pt's."): a space or bracket before it. */
    private static boolean standsAlone(Words w, int i) {
        if (w.start[i] == 0) {
            return true;
        }
        char before = w.text.charAt(w.start[i] - 1);
        return before == ' ' || before == '\n' || before == '\t' || before == '(' || before == '\r';
    }

    /** "at" or "from" right after a ward or a team: "sent to ED at BVH", "followed by the CHF team at BVH". */
    private static boolean afterUnit(Words w, int i) {
        return i > 0 && w.cue(i - 1, UNIT) && w.gapIn(i - 1, 1, " ") && w.length(i) >= 2
                && (w.text.regionMatches(true, w.start[i], "at", 0, 2) && w.length(i) == 2
                || w.text.regionMatches(true, w.start[i], "from", 0, 4) && w.length(i) == 4);
    }

    /** "in" with a verb of living a few words before it, in the same sentence: "lives alone in", "lives with son in". */
    private static boolean residenceBefore(Words w, int i) {
        if (w.length(i) != 2 || !w.text.regionMatches(true, w.start[i], "in", 0, 2)) {
            return false;
        }
        for (int k = i - 1; k >= 0 && k >= i - 5; k--) {
            if (!w.gapIn(k, 2, " ,")) {
                return false;
            }
            if (w.cue(k, RESIDENCE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Word i after an initial: on a name list and not an ordinary word, or (outside text written in capitals) a
     * capitalised word nothing knows. A lower-case word after an initial is a species, not a surname ("P. aeruginosa").
     */
    private static boolean initialledName(Words w, int i) {
        if (w.length(i) < 3 || w.cue(i, TITLE | CREDENTIAL | UNIT | MONTH_OR_DAY)) {
            return false;
        }
        int b = w.bits(i);
        if ((b & (LexiconBits.FUNCTION | LexiconBits.MEDICAL)) != 0) {
            return false;
        }
        boolean capitalised = Character.isUpperCase(w.text.charAt(w.start[i])) && !w.upper(i);
        if ((b & (LexiconBits.GIVEN | LexiconBits.SURNAME)) != 0 && ((b & LexiconBits.WORD) == 0 || capitalised
                || (b & LexiconBits.GIVEN) != 0 && (b & LexiconBits.VERBAL) == 0)) {
            return true; // "C. GWENDOLYN", "e. quillfeather"; not "O. SEE"
        }
        return b == 0 && Character.isUpperCase(w.text.charAt(w.start[i])) && !w.shouting()
                && !Vocabulary.nearWord(w.text, w.start[i], w.end[i]);
    }

    /**
     * Word i is a name of people before "family": on a name list, or known as a proper noun, and neither a verb,
     * an adjective nor a closed-class word ("the family", "supportive family", "pt's family" are not).
     */
    private static boolean familyName(Words w, int i) {
        int next = i + 1;
        if (w.length(next) < 6 || !w.text.regionMatches(true, w.start[next], "family", 0, 6)
                || w.length(next) != 6 && !w.text.regionMatches(true, w.start[next], "families", 0, 8)) {
            return false;
        }
        int b = w.bits(i);
        return w.length(i) >= 3 && (b & (LexiconBits.GIVEN | LexiconBits.SURNAME | LexiconBits.WORLD_NAME
                | LexiconBits.PROPER)) != 0 && (b & (LexiconBits.VERBAL | LexiconBits.FUNCTION | LexiconBits.ACRONYM))
                == 0 && !w.cue(i, NOT_NAME | UNIT | CREDENTIAL | RELATION | TITLE) && lettersOnly(w, i)
                && ((b & LexiconBits.WORD) == 0 || Character.isUpperCase(w.text.charAt(w.start[i])));
    }

    /** Known only as a proper noun or a name of the world, never as an ordinary word or acronym. */
    private static boolean properNotWord(Words w, int i) {
        int b = w.bits(i);
        return w.length(i) >= 3 && (b & (LexiconBits.PROPER | LexiconBits.SURNAME | LexiconBits.WORLD_NAME)) != 0
                && (b & (LexiconBits.WORD | LexiconBits.FUNCTION | LexiconBits.ACRONYM | LexiconBits.MEDICAL
                | LexiconBits.PLACE)) == 0 && !w.cue(i, NOT_NAME | UNIT | CREDENTIAL);
    }

    /** No source knows word i, it is not a misspelling of one that does, and it has at least {@code min} letters. */
    private static boolean unknown(Words w, int i, int min) {
        return w.length(i) >= min && w.bits(i) == 0 && !Vocabulary.nearWord(w.text, w.start[i], w.end[i]);
    }

    /** On a given-name list and not an ordinary word, though perhaps an acronym too ("BEA"). */
    private static boolean givenNotOrdinary(Words w, int i) {
        int b = w.nameOrPlaceBits(i);
        return (b & LexiconBits.GIVEN) != 0 && (b & (LexiconBits.WORD | LexiconBits.FUNCTION)) == 0
                && w.length(i) >= 3 && !w.cue(i, NOT_NAME | UNIT | CREDENTIAL);
    }

    private static boolean givenNotWord(Words w, int i) {
        int b = w.nameOrPlaceBits(i);
        return (b & LexiconBits.GIVEN) != 0 && (b & (LexiconBits.WORD | LexiconBits.FUNCTION | LexiconBits.ACRONYM)) == 0
                && w.length(i) >= 3;
    }

    /** " 6", " 11" after a word, and no unit after the number: a ward or floor, not a dose. */
    private static boolean wardNumberAfter(String text, int p) {
        int n = text.length();
        if (p >= n || text.charAt(p) != ' ' && !TextScan.isDigit(text.charAt(p))) {
            return false;
        }
        int d = text.charAt(p) == ' ' ? p + 1 : p; // "BRAMWELLTON 6", or glued: "transfer to bramwellton2"
        int e = d;
        while (e < n && e - d < 3 && TextScan.isDigit(text.charAt(e))) {
            e++;
        }
        boolean decimal = e + 1 < n && text.charAt(e) == '.' && TextScan.isDigit(text.charAt(e + 1));
        if (e == d || e - d > 2 || decimal || e < n && (Character.isLetterOrDigit(text.charAt(e))
                || text.charAt(e) == '%' || text.charAt(e) == '/' || text.charAt(e) == '\'' || text.charAt(e) == '-')) {
            return false;
        }
        int u = e;
        while (u < n && text.charAt(u) == ' ') {
            u++;
        }
        int ue = u;
        while (ue < n && Character.isLetter(text.charAt(ue))) {
            ue++;
        }
        return ue == u || DOSE_UNITS.get(text, u, ue) == 0;
    }

    private static boolean isMed(Words w, int i) {
        return w.length(i) == 3 && w.text.regionMatches(true, w.start[i], "med", 0, 3);
    }

    /**
     * What makes word i with a number a ward rather than a drug and its count ("percocet 2 at 8am"): a preposition
     * before it ("ON BRAMWELLTON 6"), a capital in mixed-case text ("Per Bramwellton 3 RN"), or the line ending
     * after the number ("? increase dose, bramwellton 2").
     */
    private static boolean wardCue(Words w, int i) {
        if (i > 0 && (w.cue(i - 1, PLACE_PREPOSITION) || isOn(w, i - 1))) {
            return true;
        }
        if (TextScan.isDigit(w.text.charAt(w.end[i]))) {
            return false; // a number glued to a word is a ward's only after "to", "on", "from"
        }
        if (Character.isUpperCase(w.text.charAt(w.start[i])) && !w.upper(i) && !w.shouting()) {
            return true;
        }
        int p = w.end[i] + 1;
        while (p < w.text.length() && TextScan.isDigit(w.text.charAt(p))) {
            p++;
        }
        while (p < w.text.length() && (w.text.charAt(p) == ' ' || w.text.charAt(p) == '.')) {
            p++;
        }
        return p == w.text.length() || w.text.charAt(p) == '\n' || w.text.charAt(p) == '\r';
    }

    private static boolean isOn(Words w, int i) {
        return w.length(i) == 2 && w.text.regionMatches(true, w.start[i], "on", 0, 2);
    }

    private static boolean lettersOnly(Words w, int i) {
        for (int p = w.start[i]; p < w.end[i]; p++) {
            if (!Character.isLetter(w.text.charAt(p))) {
                return false;
            }
        }
        return true;
    }

    /** A WordNet place that no dictionary knows as a word or a name, nor as a US state (which may stand). */
    private static boolean place(Words w, int i) {
        int b = w.nameOrPlaceBits(i);
        return (b & LexiconBits.PLACE) != 0 && w.length(i) >= 4
                && (b & (LexiconBits.WORD | LexiconBits.FUNCTION | LexiconBits.GIVEN | LexiconBits.SURNAME
                | LexiconBits.MEDICAL | LexiconBits.STATE)) == 0
                && !((b & LexiconBits.ACRONYM) != 0 && w.upper(i))
                && !w.cue(i, NOT_NAME);
    }
}
