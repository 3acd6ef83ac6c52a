package org.signet.tokenization.detect;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.signet.lexicon.LexiconBits;

/**
 * Person names not known from the chart. A name starts at a seed — a capitalised word on the given-name or
 * surname list, or any capitalised word after a strong cue (title "Dr./Mrs./Nurse", relation "her son",
 * "named") — and grows over adjacent capitalised words and initials ("Janet M. Baker", "Baker, Janet").
 * Words on the not-a-name list (function words, clinical vocabulary, drug brands, eponyms) never count, nor
 * do capitalised words followed by a dose ("Allegra 180 mg") or an eponym noun ("Bell palsy", "Wilson disease").
 *
 * <p>Every word list (the name lists of {@link Lexicon} and the cue words below) is one {@link PackedWordTable}, so a
 * word is looked up once, without copying or lower-casing it, and rules test bits.
 */
public final class NameRecognizer implements ScanRecognizer {

    public static final NameRecognizer INSTANCE = new NameRecognizer();

    private static final String[] TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor",
            "nurse", "rev", "reverend", "judge", "officer", "capt", "sgt", "mister", "madam", "sister", "father",
            "pastor", "rabbi", "sr", "sra", "srta", "dra"};
    /** Titles written as a word: they make a name of the next word only across a single space. */
    private static final String[] WORD_TITLES = {"doctor", "nurse"};
    private static final String[] RELATIONS = {"son", "daughter", "husband", "wife", "mother", "father", "mom",
            "dad", "brother", "sister", "spouse", "partner", "friend", "neighbor", "neighbour", "niece", "nephew",
            "grandson", "granddaughter", "grandmother", "grandfather", "grandma", "grandpa", "aunt", "uncle", "cousin",
            "caregiver", "guardian", "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "roommate", "stepson",
            "stepdaughter", "stepmother", "stepfather", "child", "sibling", "twin", "parent", "coworker", "colleague",
            "sponsor", "poa", "proxy", "kin", "named", "called", "aka", "alias", "nee", "née", "name"};
    /** Cues that make a following full name (two words, or a listed word) a person. */
    private static final String[] LABELS = {"pt", "patient", "name", "nsg", "attending", "attg", "provider", "pcp",
            "physician", "surgeon", "resident", "author", "signed", "by", "cc", "sincerely", "regards", "respectfully",
            "thanks", "hi", "hello", "hey", "dear", "seeing", "i'm", "im", "am", "with", "for", "contact", "dictation",
            "summary", "note", "per", "re", "to", "from", "and", "wish", "family", "rn", "md", "np", "pa", "cosigner",
            "witness", "interpreter", "translator", "chaperone", "scribe", "therapist", "pharmacist", "tech", "mother's",
            "father's", "history"};
    /** Words right before a name that say it is the patient's: "pt Amara Diallo", "HPI: Tendai Moyo". */
    private static final String[] PATIENT_LABELS = {"pt", "patient", "client", "resident", "hpi", "re",
            "infant", "baby", "newborn", "name", "patient's", "pt's"};
    /** "pt Black": before a soft word, these mark the patient as a title would. */
    private static final String[] PATIENT_WORDS = {"pt", "patient"};
    private static final String[] CREDENTIALS = {"md", "do", "rn", "np", "pa", "pa-c", "lpn", "cna", "phd",
            "dds", "dmd", "dpm", "msw", "lcsw", "pt", "ot", "rd", "aprn", "crna", "fnp", "dnp", "mph", "mba", "facp",
            "facs", "jr", "sr", "ii", "iii", "iv"};
    /** Words that end a name run because they start an organisation or a place description. */
    private static final String[] STOP_EXTEND = {"hospital", "clinic", "medical", "center", "centre", "health",
            "healthcare", "general", "memorial", "family", "community", "regional", "university", "urgent", "associates",
            "group", "pharmacy", "institute", "county", "street", "st", "avenue", "ave", "road", "rd", "drive", "lane",
            "boulevard", "blvd", "way", "court", "cardiology", "orthopedic"};
    /** Soft words are ordinary words that are also names ("Black", "Rose"): these never count, even softly. */
    private static final String[] NEVER = {"will", "may", "june", "april", "august", "march", "sunday", "monday",
            "tuesday", "wednesday", "thursday", "friday", "saturday", "the", "and", "patient", "doctor"};

    /** Bits of {@link #WORDS} besides the {@link Lexicon} name-list bits (which use the low byte). */
    private static final int TITLE = 1 << 8;
    private static final int WORD_TITLE = 1 << 9;
    private static final int RELATION = 1 << 10;
    private static final int LABEL = 1 << 11;
    private static final int PATIENT_LABEL = 1 << 12;
    private static final int PATIENT_WORD = 1 << 13;
    private static final int CREDENTIAL = 1 << 14;
    private static final int STOP = 1 << 15;
    private static final int NEVER_SOFT = 1 << 16;

    /** The name lists and the cue words above, one lookup per word. */
    private static final PackedWordTable WORDS = wordTable();

    private static final Pattern DOSE_AFTER = Pattern.compile(
            "\\s*\\d+(?:\\.\\d+)?\\s*(?:mg|mcg|µg|g|units?|u|ml|mL|%|tabs?|tablets?|caps?|puffs?|iu|IU|meq|mEq|mg/kg)\\b");
    /** Nouns that make the capitalised word before them an eponym ("Bell palsy", "Wilson's disease"). */
    private static final WordTrie EPONYM_NOUNS = new WordTrie();

    static {
        for (String w : ("disease syndrome palsy sign score scale test maneuver manoeuvre fracture cyst catheter monitor "
                + "reflex phenomenon criteria classification stage staging lymphoma sarcoma tumor tumour ulcer esophagus "
                + "diverticulum node nodes triad murmur respiration respirations breathing grade procedure operation "
                + "position equation formula index rule method stain block repair law tube drain needle forceps splint "
                + "protocol regimen tremor dementia disorder anomaly deformity bodies cell cells nodule nodules spot spots "
                + "ligament duct gland canal incision technique approach hernia contracture neuroma neuralgia angina "
                + "aneurysm malformation varices effect ratio space coma shunt valve ring pouch anastomosis exam "
                + "examination questionnaire inventory assessment model").split(" ")) {
            EPONYM_NOUNS.add(w, 1);
        }
    }

    private NameRecognizer() {
    }

    private static PackedWordTable wordTable() {
        Map<String, Integer> words = Lexicon.nameListFlags();
        PackedWordTable.mark(words, TITLE, TITLES);
        PackedWordTable.mark(words, WORD_TITLE, WORD_TITLES);
        PackedWordTable.mark(words, RELATION, RELATIONS);
        PackedWordTable.mark(words, LABEL, LABELS);
        PackedWordTable.mark(words, PATIENT_LABEL, PATIENT_LABELS);
        PackedWordTable.mark(words, PATIENT_WORD, PATIENT_WORDS);
        PackedWordTable.mark(words, CREDENTIAL, CREDENTIALS);
        PackedWordTable.mark(words, STOP, STOP_EXTEND);
        PackedWordTable.mark(words, NEVER_SOFT, NEVER);
        return new PackedWordTable(words);
    }

    @Override
    public String name() {
        return "name";
    }

    /**
     * The words of a text as parallel arrays: runs of letters, joined over an inner "'" or "-" ("O'Brien",
     * "Mary-Jo"); letters glued to digits are codes, not words. Each word's {@link #WORDS} bits are looked up the
     * first time a rule asks.
     */
    private static final class Words {
        private static final byte CAP = 1;
        private static final byte UPPER = 2;

        final String text;
        final int size;
        private final int[] start;
        private final int[] end;
        private final byte[] shape;
        /** {@link #WORDS} bits, or -1 until looked up. */
        private final int[] bits;

        private final TextScan scan;

        private Words(TextScan scan, String text, int[] start, int[] end, byte[] shape, int size) {
            this.scan = scan;
            this.text = text;
            this.start = start;
            this.end = end;
            this.shape = shape;
            this.size = size;
            this.bits = new int[size];
            Arrays.fill(bits, -1);
        }

        /** The words, from the joined letter runs of the scan ({@link TextScan#joinWords}). */
        static Words of(TextScan scan) {
            scan.joinWords();
            String text = scan.text;
            int size = scan.joined;
            byte[] shape = new byte[size];
            for (int i = 0; i < size; i++) {
                int s = scan.joinedStart[i];
                int e = scan.joinedEnd[i];
                boolean cap = TextScan.isUpper(text.charAt(s));
                boolean upper = cap && e - s > 1 && allUpper(text, s, e);
                shape[i] = (byte) ((cap ? CAP : 0) | (upper ? UPPER : 0));
            }
            return new Words(scan, text, scan.joinedStart, scan.joinedEnd, shape, size);
        }

        int start(int i) {
            return start[i];
        }

        /** Whether the text is written in capitals (computed once per scan, when a rule first asks). */
        boolean shouting() {
            return scan.shouting();
        }

        /** Word i starts the text, a line, a sentence or a clause. */
        boolean sentenceStart(int i) {
            return i == 0 || VocabularyRecognizer.sentenceBreak(text, end[i - 1], start[i]);
        }

        /** A clinician's credential, which the ward also writes for its people ("HO", "RN"). */
        boolean isCredential(int i) {
            return VocabularyRecognizer.credential(text, start[i], end[i]);
        }

        boolean saidOfAPerson(int i) {
            return VocabularyRecognizer.saidOfAPerson(text, start, end, size, i);
        }

        int end(int i) {
            return end[i];
        }

        boolean cap(int i) {
            return (shape[i] & CAP) != 0;
        }

        boolean upper(int i) {
            return (shape[i] & UPPER) != 0;
        }

        boolean initial(int i) {
            return cap(i) && end[i] - start[i] == 1;
        }

        /** Whether the text between word i and word i + 1 is exactly {@code sep}. */
        boolean gapIs(int i, String sep) {
            return start[i + 1] - end[i] == sep.length() && text.startsWith(sep, end[i]);
        }

        int gapLength(int i) {
            return start[i + 1] - end[i];
        }

        /** Whether word i is followed by exactly one space and then word i + 1. */
        boolean spaceToNext(int i) {
            return i + 1 < size && start[i + 1] == end[i] + 1 && text.charAt(end[i]) == ' ';
        }

        boolean has(int i, int bit) {
            int b = bits[i];
            if (b < 0) {
                b = bits[i] = WORDS.find(scan.joinedHash(i));
            }
            return (b & bit) != 0;
        }

        boolean onGivenList(int i) {
            return has(i, Lexicon.GIVEN_NAME);
        }

        boolean onSurnameList(int i) {
            return has(i, Lexicon.SURNAME);
        }

        boolean notName(int i) {
            return has(i, Lexicon.NOT_NAME);
        }

        /** Known to a dictionary as an ordinary word or an acronym ({@link Vocabulary}). */
        boolean ordinaryWord(int i) {
            return (vocabulary(i) & (LexiconBits.WORD | LexiconBits.ACRONYM)) != 0;
        }

        /** The {@link Vocabulary} bits of word i. */
        int vocabulary(int i) {
            return scan.joinedVocabulary(i);
        }

        /** Like {@link Lexicon#isGiven}. */
        boolean given(int i) {
            return onGivenList(i) && !notName(i);
        }

        /** On the world name lists only: a name inside a full name, not alone. */
        boolean worldName(int i) {
            return has(i, Lexicon.WORLD_NAME) && !notName(i);
        }

        /** Like {@link Lexicon#isKnownName}. */
        boolean knownName(int i) {
            return (onGivenList(i) || onSurnameList(i)) && !notName(i);
        }

        /** Whether word i - 1 exists and is a title, relation or label: a cue that a name follows. */
        boolean cueBefore(int i) {
            return i > 0 && has(i - 1, TITLE | RELATION | LABEL);
        }
    }

    @Override
    public void detect(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Words w = Words.of(scan);
        int n = w.size;
        boolean[] nameLike = new boolean[n];
        boolean[] ext = new boolean[n];
        Matcher[] after = new Matcher[2];
        for (int i = 0; i < n; i++) {
            if (w.cap(i)) {
                nameLike[i] = isNameLike(w, i, false, after);
                ext[i] = nameLike[i] || isNameLike(w, i, true, after);
            }
        }
        int i = 0;
        while (i < n) {
            double conf = seed(w, nameLike, ext, i, after);
            if (conf <= 0) {
                i++;
                continue;
            }
            int first = i;
            int last = i;
            // grow right over initials and capitalised name-like words: "Janet M. Baker", "Baker, Janet"
            int words = 1;
            while (last + 1 < n && words < 4) {
                int nx = last + 1;
                boolean joined = w.gapIs(last, " ")
                        || w.initial(last) && (w.gapIs(last, ". ") || w.gapIs(last, "."));
                boolean comma = w.gapIs(last, ", ") && first == last && !w.initial(last)
                        && w.onGivenList(nx) && ext[nx];
                if ((joined && (ext[nx] || w.initial(nx)) && !w.has(nx, STOP)) || comma) {
                    last++;
                    words++;
                } else {
                    break;
                }
            }
            // a trailing initial without a surname is a sentence letter ("Plan A"), not part of the name
            while (last > first && w.initial(last) && !text.startsWith(".", w.end(last))) {
                last--;
            }
            // grow left over a given name or initial: "Kathryn Lawrence" seeded at Lawrence, and over any name-like
            // word when a credential follows ("Giulia Rossi, MD")
            boolean credential = followedByCredential(text, w.end(last));
            while (first > 0 && i == first) {
                int pv = first - 1;
                boolean joined = w.gapIs(pv, " ") || w.initial(pv) && (w.gapIs(pv, ". ") || w.gapIs(pv, "."));
                if (joined && nameLike[pv] && (w.given(pv) || w.initial(pv) || credential)) {
                    first--;
                } else if (w.gapIs(pv, ", ") && ext[pv] && w.given(first)
                        && last == first && !followedByCredential(text, w.end(pv))) {
                    first--;
                } else {
                    break;
                }
            }
            int s = w.start(first);
            int e = w.end(last);
            if (w.initial(last) && e < text.length() && text.charAt(e) == '.' && last == first) {
                i = last + 1;
                continue;
            }
            out.add(new PhiSpan(PhiType.NAME, s, e, name(), conf));
            i = last + 1;
        }
    }

    /** Confidence that a name starts at word i, or 0. */
    private static double seed(Words w, boolean[] nameLike, boolean[] ext, int i, Matcher[] matchers) {
        String text = w.text;
        int n = w.size;
        if (w.initial(i)) {
            // "J. Smith", "Dr. D. Gordon", "her son R. Kelly": an initial starts a name when a surname follows
            if (i + 1 < n && w.gapIs(i, ". ") && ext[i + 1]) {
                if (w.cueBefore(i) || w.onSurnameList(i + 1) || followedByCredential(text, w.end(i + 1))) {
                    return 0.8;
                }
            }
            return 0;
        }
        if (!ext[i]) {
            return 0;
        }
        if (!nameLike[i]) {
            // a word like "Black" or "West" is a name only right after a title or relation word
            if (i > 0 && w.has(i - 1, TITLE | RELATION | PATIENT_WORD)
                    && (w.gapIs(i - 1, " ") || w.gapIs(i - 1, ". "))) {
                return 0.8;
            }
            // "Frank Turner", "Mark N. Hayes", "Amber Salazar": a soft given name before a surname or initial
            if (w.onGivenList(i) && w.spaceToNext(i) && (w.initial(i + 1) && text.startsWith(".", w.end(i + 1))
                    || nameLike[i + 1] && w.onSurnameList(i + 1))) {
                return 0.7;
            }
            return 0;
        }
        boolean listed = w.knownName(i);
        if (i > 0) {
            int pv = i - 1;
            boolean plainSep = w.gapIs(pv, " ") || w.gapIs(pv, ". ") || w.gapIs(pv, ".") || w.gapIs(pv, "  ");
            if (w.has(pv, TITLE) && (plainSep && !w.has(pv, WORD_TITLE) || w.gapIs(pv, " "))) {
                return 0.85;
            }
            if (w.has(pv, RELATION) && (w.gapIs(pv, " ") || w.gapIs(pv, ", ") || w.gapIs(pv, ": "))) {
                return 0.8;
            }
            boolean fullName = i + 1 < n && (w.initial(i + 1) || w.knownName(i + 1) && nameLike[i + 1])
                    && text.startsWith(" ", w.end(i));
            // not "with Ve 6-8 L.": two letters and a unit's letter read as a name and an initial
            boolean longEnough = w.end(i) - w.start(i) >= 3;
            if (w.has(pv, LABEL) && longEnough && (listed || fullName) && w.gapLength(pv) <= 3) {
                return 0.8;
            }
        }
        if (followedByCredential(text, w.end(i))) {
            return 0.8;
        }
        // an unlisted full name ("Amara Diallo", "Tendai Moyo") is a name when the context around it says so:
        // a patient label before it, or demographics, an id or a clinical verb right after it
        int run = i;
        while (run - i < 2 && w.spaceToNext(run) && nameLike[run + 1]) {
            run++;
        }
        if (run > i) {
            if (i > 0 && w.has(i - 1, PATIENT_LABEL) && w.gapLength(i - 1) <= 3) {
                return 0.75;
            }
            for (int r = i + 1; r <= run; r++) {
                if (personTail(text, w.end(r), matchers)) {
                    return 0.75;
                }
            }
        }
        if (listed) {
            // in text written in capitals the capital says nothing, nor at a sentence's start for a word English
            // knows: a listed word there is a name only near what is said of people ("PERLA @ 2MM", "Peg intact")
            int english = w.vocabulary(i);
            if ((english & LexiconBits.FUNCTION) != 0) {
                return 0; // "Many family members in today"
            }
            if (w.end(i) - w.start(i) < 3 || w.isCredential(i)) {
                return 0; // "with Ve 3-5 L", "Ho aware"
            }
            boolean initialled = i + 1 < n && w.initial(i + 1);
            // a word in capitals amid lower-case text is written as an acronym is ("LUE", "KUB"): no more a name
            boolean capitalSaysNothing = w.shouting() || w.upper(i)
                    || w.sentenceStart(i) && (english & LexiconBits.WORD) != 0;
            if (capitalSaysNothing && !initialled && !w.saidOfAPerson(i)) {
                return 0;
            }
            return w.given(i) ? 0.65 : 0.6;
        }
        // two world-list names in a row: "Oluwaseun Adebayo", "Henrik Sørensen"
        if (w.worldName(i) && w.spaceToNext(i) && nameLike[i + 1] && (w.worldName(i + 1) || w.knownName(i + 1))) {
            return 0.6;
        }
        return 0;
    }

    /** Demographics, an id or a clinical verb right after a name: ", 71F", " (DOB", " is a 101-year-old", " presents". */
    private static final Pattern PERSON_TAIL = Pattern.compile(
            "(?:,\\s*|\\s*\\(\\s*)(?:\\d{1,3}\\s*(?:yo\\b|y/o|y\\.o\\.|yrs?\\b|years?\\b|-year|[MF]\\b|\\))"
            + "|DOB\\b|D\\.O\\.B|MRN\\b|age\\b|aged\\b|[\\w.+-]+@)"
            + "|\\s+(?:is|was)\\s+an?\\s+\\d"
            + "|\\s+(?:returns|returned|presents|presented|reports|reported|states|stated|denies|denied|complains|comes"
            + "|came|arrived|transferred|admitted|underwent|endorses|resting|repositioned|tolerated|tolerating|agrees"
            + "|declines|declined|requests|requesting|was\\s+seen|is\\s+seen|is\\s+here|here\\s+for)\\b",
            Pattern.CASE_INSENSITIVE);

    private static boolean personTail(String text, int end, Matcher[] matchers) {
        if (matchers[1] == null) {
            matchers[1] = Patterns.matcher(PERSON_TAIL, text);
        }
        return matchers[1].region(end, text.length()).lookingAt();
    }

    /** Whether ", MD" (a capitalised credential) follows the word ending at {@code p}. */
    private static boolean followedByCredential(String text, int p) {
        if (p + 2 >= text.length() || text.charAt(p) != ',') {
            return false;
        }
        int s = p + 1;
        while (s < text.length() && text.charAt(s) == ' ') {
            s++;
        }
        int e = s;
        while (e < text.length() && (Character.isLetter(text.charAt(e)) || text.charAt(e) == '-')) {
            e++;
        }
        return e > s && (e == text.length() || !Character.isLetter(text.charAt(e)))
                && (WORDS.get(text, s, e) & CREDENTIAL) != 0
                && Character.isUpperCase(text.charAt(s));
    }

    private static boolean isNameLike(Words w, int i, boolean soft, Matcher[] after) {
        if (!w.cap(i) || w.initial(i) || w.upper(i) && lowerCaseLength(w.text, w.start(i), w.end(i)) <= 2) {
            return false;
        }
        if (w.notName(i)) {
            if (!soft || w.has(i, NEVER_SOFT) || !(w.onGivenList(i) || w.onSurnameList(i))) {
                return false;
            }
        } else if (soft) {
            return false;
        }
        // all-caps words are headings or acronyms unless they are on a name list, and even then when a dictionary
        // knows them as an ordinary word or an acronym ("MIN", "HAND", "MAE") it takes a cue to make them names
        if (w.upper(i) && (!w.knownName(i) || !soft && w.ordinaryWord(i))) {
            return false;
        }
        return !doseAfter(w.text, w.end(i), after) && !eponymAfter(w.text, w.end(i));
    }

    /** Length of {@code text[s, e)} lower-cased: the same, but for "İ", which lower-cases to two chars. */
    private static int lowerCaseLength(String text, int s, int e) {
        int length = e - s;
        for (int i = s; i < e; i++) {
            if (text.charAt(i) == '\u0130') {
                length++;
            }
        }
        return length;
    }

    /** A dose right after the word ("Allegra 180 mg"). */
    private static boolean doseAfter(String text, int pos, Matcher[] dose) {
        int p = skip(text, pos, false);
        if (p >= text.length() || !TextScan.isDigit(text.charAt(p))) {
            return false;
        }
        if (dose[0] == null) {
            dose[0] = Patterns.matcher(DOSE_AFTER, text);
        }
        return dose[0].region(pos, Math.min(text.length(), pos + 40)).lookingAt();
    }

    /**
     * An eponym noun right after the word, or after one more word: {@code ('s)?[\s-]+(Word[\s-]+)?NOUN\b},
     * case-insensitive ("Bell palsy", "Wilson's disease", "Glasgow Coma Scale").
     */
    static boolean eponymAfter(String text, int pos) {
        int p = pos;
        if (text.regionMatches(true, p, "'s", 0, 2)) {
            p += 2;
        }
        int w1 = skip(text, p, true);
        if (w1 == p) {
            return false;
        }
        int e1 = asciiLetters(text, w1);
        if (e1 > w1 && isNoun(text, w1, e1)) {
            return true;
        }
        int w2 = e1 - w1 >= 2 ? skip(text, e1, true) : e1;
        if (w2 == e1) {
            return false;
        }
        int e2 = asciiLetters(text, w2);
        return e2 > w2 && isNoun(text, w2, e2);
    }

    private static boolean isNoun(String text, int s, int e) {
        if (e < text.length()) {
            char c = text.charAt(e);
            if (Character.isLetterOrDigit(c) || c == '_') {
                return false;
            }
        }
        return EPONYM_NOUNS.lookup(text, s, e) != 0;
    }

    /** Skips regex {@code \s} chars, and "-" when {@code hyphen}. */
    private static int skip(String text, int p, boolean hyphen) {
        int n = text.length();
        while (p < n) {
            char c = text.charAt(p);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B' || hyphen && c == '-') {
                p++;
            } else {
                break;
            }
        }
        return p;
    }

    private static int asciiLetters(String text, int p) {
        int n = text.length();
        while (p < n && (text.charAt(p) | 0x20) >= 'a' && (text.charAt(p) | 0x20) <= 'z') {
            p++;
        }
        return p;
    }

    /** Like {@code w.equals(w.toUpperCase())}: no lower-case letter in the word. */
    private static boolean allUpper(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c < 128 ? c >= 'a' && c <= 'z' : Character.isLowerCase(c)) {
                return false;
            }
        }
        return true;
    }
}
