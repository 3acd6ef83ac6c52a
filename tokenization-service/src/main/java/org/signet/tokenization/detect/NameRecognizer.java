package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names not known from the chart. A name starts at a seed — a capitalised word on the given-name or
 * surname list, or any capitalised word after a strong cue (title "Dr./Mrs./Nurse", relation "her son",
 * "named") — and grows over adjacent capitalised words and initials ("Janet M. Baker", "Baker, Janet").
 * Words on the not-a-name list (function words, clinical vocabulary, drug brands, eponyms) never count, nor
 * do capitalised words followed by a dose ("Allegra 180 mg") or an eponym noun ("Bell palsy", "Wilson disease").
 */
public final class NameRecognizer implements PhiRecognizer {

    public static final NameRecognizer INSTANCE = new NameRecognizer();

    private static final Set<String> TITLES = Lexicon.words("mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor",
            "nurse", "rev", "reverend", "judge", "officer", "capt", "sgt", "mister", "madam", "sister", "father",
            "pastor", "rabbi", "sr", "sra", "srta", "dra");
    private static final Set<String> RELATIONS = Lexicon.words("son", "daughter", "husband", "wife", "mother", "father", "mom",
            "dad", "brother", "sister", "spouse", "partner", "friend", "neighbor", "neighbour", "niece", "nephew",
            "grandson", "granddaughter", "grandmother", "grandfather", "grandma", "grandpa", "aunt", "uncle", "cousin",
            "caregiver", "guardian", "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "roommate", "stepson",
            "stepdaughter", "stepmother", "stepfather", "child", "sibling", "twin", "parent", "coworker", "colleague",
            "sponsor", "poa", "proxy", "kin", "named", "called", "aka", "alias", "nee", "née", "name");
    /** Cues that make a following full name (two words, or a listed word) a person. */
    private static final Set<String> LABELS = Lexicon.words("pt", "patient", "name", "nsg", "attending", "attg", "provider", "pcp",
            "physician", "surgeon", "resident", "author", "signed", "by", "cc", "sincerely", "regards", "respectfully",
            "thanks", "hi", "hello", "hey", "dear", "seeing", "i'm", "im", "am", "with", "for", "contact", "dictation",
            "summary", "note", "per", "re", "to", "from", "and", "wish", "family", "rn", "md", "np", "pa", "cosigner",
            "witness", "interpreter", "translator", "chaperone", "scribe", "therapist", "pharmacist", "tech", "mother's",
            "father's", "history");
    private static final Set<String> CREDENTIALS = Lexicon.words("md", "do", "rn", "np", "pa", "pa-c", "lpn", "cna", "phd",
            "dds", "dmd", "dpm", "msw", "lcsw", "pt", "ot", "rd", "aprn", "crna", "fnp", "dnp", "mph", "mba", "facp",
            "facs", "jr", "sr", "ii", "iii", "iv");
    /** Words that end a name run because they start an organisation or a place description. */
    private static final Set<String> STOP_EXTEND = Lexicon.words("hospital", "clinic", "medical", "center", "centre", "health",
            "healthcare", "general", "memorial", "family", "community", "regional", "university", "urgent", "associates",
            "group", "pharmacy", "institute", "county", "street", "st", "avenue", "ave", "road", "rd", "drive", "lane",
            "boulevard", "blvd", "way", "court", "cardiology", "orthopedic");
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

    @Override
    public String name() {
        return "name";
    }

    /** One word of the text; its lower-case form is made only when a rule asks for it. */
    private static final class Tok {
        private final String text;
        private final int start;
        private final int end;
        private final boolean cap;
        private final boolean upper;
        private String lower;
        private int flags = -1;

        Tok(String text, int start, int end, boolean cap, boolean upper) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.cap = cap;
            this.upper = upper;
        }

        int start() {
            return start;
        }

        int end() {
            return end;
        }

        boolean cap() {
            return cap;
        }

        boolean upper() {
            return upper;
        }

        boolean initial() {
            return cap && end - start == 1;
        }

        String lower() {
            if (lower == null) {
                lower = text.substring(start, end).toLowerCase(Locale.ROOT);
            }
            return lower;
        }

        /** {@link Lexicon#flags} of the word, looked up once. */
        int flags() {
            if (flags < 0) {
                flags = Lexicon.flags(text, start, end);
                if (flags < 0) {
                    flags = Lexicon.flags(lower());
                }
            }
            return flags;
        }

        boolean onGivenList() {
            return (flags() & Lexicon.GIVEN_NAME) != 0;
        }

        boolean onSurnameList() {
            return (flags() & Lexicon.SURNAME) != 0;
        }

        boolean notName() {
            return (flags() & Lexicon.NOT_NAME) != 0;
        }

        /** Like {@link Lexicon#isGiven}. */
        boolean given() {
            return onGivenList() && !notName();
        }

        /** On the world name lists only: a name inside a full name, not alone. */
        boolean worldName() {
            return (flags() & Lexicon.WORLD_NAME) != 0 && !notName();
        }

        /** Like {@link Lexicon#isKnownName}. */
        boolean knownName() {
            return (onGivenList() || onSurnameList()) && !notName();
        }
    }

    @Override
    public List<PhiSpan> detect(String text) {
        List<Tok> toks = tokenize(text);
        List<PhiSpan> out = new ArrayList<>();
        int n = toks.size();
        boolean[] nameLike = new boolean[n];
        boolean[] ext = new boolean[n];
        Matcher[] after = new Matcher[2];
        for (int i = 0; i < n; i++) {
            if (toks.get(i).cap()) {
                nameLike[i] = isNameLike(text, toks, i, false, after);
                ext[i] = nameLike[i] || isNameLike(text, toks, i, true, after);
            }
        }
        int i = 0;
        while (i < n) {
            double conf = seed(text, toks, nameLike, ext, i, after);
            if (conf <= 0) {
                i++;
                continue;
            }
            int first = i;
            int last = i;
            // grow right over initials and capitalised name-like words: "Janet M. Baker", "Baker, Janet"
            int words = 1;
            while (last + 1 < n && words < 4) {
                Tok nx = toks.get(last + 1);
                String sep = text.substring(toks.get(last).end(), nx.start());
                boolean joined = sep.equals(" ") || (toks.get(last).initial() && sep.equals(". "))
                        || (toks.get(last).initial() && sep.equals("."));
                boolean comma = sep.equals(", ") && first == last && !toks.get(last).initial()
                        && nx.onGivenList() && ext[last + 1];
                if ((joined && (ext[last + 1] || nx.initial()) && !STOP_EXTEND.contains(nx.lower())) || comma) {
                    last++;
                    words++;
                } else {
                    break;
                }
            }
            // a trailing initial without a surname is a sentence letter ("Plan A"), not part of the name
            while (last > first && toks.get(last).initial() && !text.startsWith(".", toks.get(last).end())) {
                last--;
            }
            // grow left over a given name or initial: "Kathryn Lawrence" seeded at Lawrence, and over any name-like
            // word when a credential follows ("Giulia Rossi, MD")
            boolean credential = followedByCredential(text, toks.get(last));
            while (first > 0 && i == first) {
                Tok pv = toks.get(first - 1);
                String sep = text.substring(pv.end(), toks.get(first).start());
                boolean joined = sep.equals(" ") || (pv.initial() && (sep.equals(". ") || sep.equals(".")));
                if (joined && nameLike[first - 1] && (pv.given() || pv.initial() || credential)) {
                    first--;
                } else if (sep.equals(", ") && ext[first - 1] && toks.get(first).given()
                        && last == first && !followedByCredential(text, pv)) {
                    first--;
                } else {
                    break;
                }
            }
            int s = toks.get(first).start();
            int e = toks.get(last).end();
            if (toks.get(last).initial() && e < text.length() && text.charAt(e) == '.' && last == first) {
                i = last + 1;
                continue;
            }
            out.add(new PhiSpan(PhiType.NAME, s, e, name(), conf));
            i = last + 1;
        }
        return out;
    }

    /** Confidence that a name starts at token i, or 0. */
    private static double seed(String text, List<Tok> toks, boolean[] nameLike, boolean[] ext, int i,
                               Matcher[] matchers) {
        Tok t = toks.get(i);
        if (t.initial()) {
            // "J. Smith", "Dr. D. Gordon", "her son R. Kelly": an initial starts a name when a surname follows
            if (i + 1 < toks.size() && text.startsWith(". ", t.end()) && toks.get(i + 1).start() == t.end() + 2
                    && ext[i + 1]) {
                Tok nx = toks.get(i + 1);
                boolean cue = i > 0 && (TITLES.contains(toks.get(i - 1).lower()) || RELATIONS.contains(toks.get(i - 1).lower())
                        || LABELS.contains(toks.get(i - 1).lower()));
                if (cue || nx.onSurnameList() || followedByCredential(text, nx)) {
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
            if (i > 0 && (TITLES.contains(toks.get(i - 1).lower()) || RELATIONS.contains(toks.get(i - 1).lower())
                    || toks.get(i - 1).lower().equals("pt") || toks.get(i - 1).lower().equals("patient"))
                    && text.substring(toks.get(i - 1).end(), t.start()).matches("\\.? ")) {
                return 0.8;
            }
            // "Frank Turner", "Mark N. Hayes", "Amber Salazar": a soft given name before a surname or initial
            if (t.onGivenList() && i + 1 < toks.size() && text.startsWith(" ", t.end())
                    && toks.get(i + 1).start() == t.end() + 1 && (toks.get(i + 1).initial()
                    && text.startsWith(".", toks.get(i + 1).end()) || nameLike[i + 1]
                    && toks.get(i + 1).onSurnameList())) {
                return 0.7;
            }
            return 0;
        }
        boolean listed = t.knownName();
        if (i > 0) {
            Tok pv = toks.get(i - 1);
            String sep = text.substring(pv.end(), t.start());
            String p = pv.lower();
            boolean plainSep = sep.equals(" ") || sep.equals(". ") || sep.equals(".") || sep.equals("  ");
            if (TITLES.contains(p) && plainSep && !(p.equals("doctor") || p.equals("nurse")) || (TITLES.contains(p)
                    && sep.equals(" "))) {
                return 0.85;
            }
            if (RELATIONS.contains(p) && (sep.equals(" ") || sep.equals(", ") || sep.equals(": "))) {
                return 0.8;
            }
            boolean fullName = i + 1 < toks.size() && (toks.get(i + 1).initial()
                    || toks.get(i + 1).knownName() && nameLike[i + 1])
                    && text.startsWith(" ", t.end());
            if (LABELS.contains(p) && (listed || fullName) && sep.length() <= 3) {
                return 0.8;
            }
        }
        if (followedByCredential(text, t)) {
            return 0.8;
        }
        // an unlisted full name ("Amara Diallo", "Tendai Moyo") is a name when the context around it says so:
        // a patient label before it, or demographics, an id or a clinical verb right after it
        int run = i;
        while (run + 1 < toks.size() && run - i < 2 && nameLike[run + 1] && toks.get(run + 1).start() == toks.get(run).end() + 1
                && text.charAt(toks.get(run).end()) == ' ') {
            run++;
        }
        if (run > i) {
            if (i > 0 && PATIENT_LABELS.contains(toks.get(i - 1).lower())
                    && toks.get(i).start() - toks.get(i - 1).end() <= 3) {
                return 0.75;
            }
            for (int r = i + 1; r <= run; r++) {
                if (personTail(text, toks.get(r).end(), matchers)) {
                    return 0.75;
                }
            }
        }
        if (listed) {
            return t.given() ? 0.65 : 0.6;
        }
        // two world-list names in a row: "Oluwaseun Adebayo", "Henrik Sørensen"
        if (t.worldName() && i + 1 < toks.size() && nameLike[i + 1] && toks.get(i + 1).start() == t.end() + 1
                && text.charAt(t.end()) == ' ' && (toks.get(i + 1).worldName() || toks.get(i + 1).knownName())) {
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
    /** Words right before a name that say it is the patient's: "pt Amara Diallo", "HPI: Tendai Moyo". */
    private static final Set<String> PATIENT_LABELS = Lexicon.words("pt", "patient", "client", "resident", "hpi", "re",
            "infant", "baby", "newborn", "name", "patient's", "pt's");

    private static boolean personTail(String text, int end, Matcher[] matchers) {
        if (matchers[1] == null) {
            matchers[1] = Patterns.matcher(PERSON_TAIL, text);
        }
        return matchers[1].region(end, text.length()).lookingAt();
    }

    private static boolean followedByCredential(String text, Tok t) {
        int p = t.end();
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
                && CREDENTIALS.contains(text.substring(s, e).toLowerCase(Locale.ROOT))
                && Character.isUpperCase(text.charAt(s));
    }

    /** Soft words are ordinary words that are also names ("Black", "Rose"): never a seed on their own. */
    private static final java.util.Set<String> NEVER = Lexicon.words("will", "may", "june", "april", "august", "march",
            "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "the", "and", "patient", "doctor");

    private static boolean isNameLike(String text, List<Tok> toks, int i, boolean soft, Matcher[] after) {
        Tok t = toks.get(i);
        if (!t.cap() || t.initial() || t.upper() && t.lower().length() <= 2) {
            return false;
        }
        if (t.notName()) {
            if (!soft || NEVER.contains(t.lower())
                    || !(t.onGivenList() || t.onSurnameList())) {
                return false;
            }
        } else if (soft) {
            return false;
        }
        // all-caps words are headings or acronyms unless they are on a name list
        if (t.upper() && !t.knownName()) {
            return false;
        }
        return !doseAfter(text, t.end(), after) && !eponymAfter(text, t.end());
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
    private static boolean eponymAfter(String text, int pos) {
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

    private static boolean isDigit(char c) {
        return c < 128 ? c >= '0' && c <= '9' : Character.isDigit(c);
    }

    /** Like {@code w.equals(w.toUpperCase())}: no lower-case letter in the word. */
    private static boolean allUpper(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            if (Character.isLowerCase(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<Tok> tokenize(String text) {
        List<Tok> toks = new ArrayList<>(text.length() / 5 + 8);
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!TextScan.isLetter(c)) {
                i++;
                continue;
            }
            int s = i;
            while (i < n && (TextScan.isLetter(text.charAt(i))
                    || ((text.charAt(i) == '\'' || text.charAt(i) == '-') && i + 1 < n && TextScan.isLetter(text.charAt(i + 1))))) {
                i++;
            }
            if (i < n && isDigit(text.charAt(i)) || s > 0 && isDigit(text.charAt(s - 1))) {
                while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
                continue; // alphanumeric codes are not words
            }
            boolean cap = TextScan.isUpper(c);
            boolean upper = cap && i - s > 1 && allUpper(text, s, i);
            toks.add(new Tok(text, s, i, cap, upper));
        }
        return toks;
    }
}
