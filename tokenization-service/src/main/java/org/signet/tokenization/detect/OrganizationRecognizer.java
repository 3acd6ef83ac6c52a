package org.signet.tokenization.detect;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named hospitals, clinics, practices and employers: a run of capitalised words ending in an organisation
 * word ("Milford General Hospital", "St. James Medical Center", "Moore Cardiology Associates", "Acme Corp").
 * A run made only of generic words ("the Cancer Center", "Urgent Care") is not an identifier and is skipped.
 */
public final class OrganizationRecognizer implements ScanRecognizer {

    public static final OrganizationRecognizer INSTANCE = new OrganizationRecognizer();

    /** The words an organisation name ends in, as regexes, in the order the pattern tries them. */
    private static final List<String> ORG_WORDS = List.of("Hospitals?", "Medical\\s+Cent(?:er|re)",
            "Health\\s+Cent(?:er|re)", "Health\\s+System", "Healthcare", "Health\\s+Care", "Clinic", "Clinics", "Associates",
            "Medical\\s+Group", "Group", "Urgent\\s+Care", "Pharmacy", "Rehabilitation", "Rehab", "Nursing\\s+Home",
            "Nursing\\s+Facility", "Hospice", "Cent(?:er|re)", "Institute", "Laborator(?:y|ies)", "Labs?", "Practice",
            "Partners", "Physicians", "Infirmary", "Sanatorium", "University", "College", "School", "Academy", "Inc\\.?",
            "Corp\\.?", "Corporation", "LLC", "Company", "Co\\.", "Health", "Medicine", "Facility", "Services", "Dental",
            "Pediatrics", "Cardiology", "Orthopedics", "Oncology", "Neurology", "Dermatology", "Surgery", "Agency",
            "Foundation");
    private static final Pattern ORG = Pattern.compile(
            "(?:\\b(?:St\\.?|Saint|Mount|Mt\\.?)\\s+)?(?:\\b[A-Z][A-Za-z'&.-]*\\s+(?:(?:of|for|and|&)\\s+(?:the\\s+)?)?){1,5}"
            + Patterns.alternation(ORG_WORDS, false) + "(?![A-Za-z])");

    /** Words that describe a kind of facility rather than name one. */
    private static final Set<String> GENERIC = Lexicon.words("family", "community", "general", "memorial", "medical", "health",
            "regional", "county", "university", "children's", "women's", "urgent", "care", "cancer", "heart", "wound",
            "dialysis", "surgical", "surgery", "orthopedic", "orthopaedic", "cardiology", "pediatric", "pediatrics",
            "primary", "specialty", "rehabilitation", "rehab", "mental", "behavioral", "eye", "dental", "sleep", "pain",
            "infusion", "imaging", "diagnostic", "veterans", "va", "state", "national", "american", "the", "of", "for",
            "and", "&", "internal", "medicine", "women", "children", "kidney", "lung", "vascular", "neurology", "oncology",
            "dermatology", "psychiatry", "psychiatric", "obstetrics", "gynecology", "senior", "assisted", "living",
            "skilled", "nursing", "home", "hospital", "center", "centre", "clinic", "group", "associates", "physicians",
            "practice", "partners", "outpatient", "inpatient", "emergency", "trauma", "teaching", "academic", "public",
            "private", "local", "city", "main", "new", "our", "your", "his", "her", "their", "this", "that", "a", "an",
            "lab", "labs", "laboratory", "pharmacy", "institute", "hospice", "support", "blood", "stroke", "burn",
            "transplant", "spine", "joint", "vein", "weight", "loss", "diabetes", "endocrine", "lipid", "gi", "er",
            "icu", "nicu", "picu", "ed", "or", "hiv", "std", "travel", "walk-in", "retail", "mail", "order", "specialty",
            "respiratory", "physical", "occupational", "speech", "therapy", "wellness", "fertility", "maternity", "birth",
            "poison", "control", "disease", "prevention", "services", "service", "department", "dept", "unit",
            "health", "system", "healthcare", "inc", "corp", "co", "llc", "company", "corporation", "school", "college",
            "academy", "infirmary");
    /** Sentence words that may precede the name in a capitalised run ("Pt", "Transferred", "Yes"). */
    private static final Set<String> LEAD_OK = Lexicon.words("st", "st.", "saint", "mount", "mt", "mt.", "general", "medical",
            "community", "family", "memorial", "university", "children's", "county", "regional", "new");

    /** How many scanned words before its organisation word a name may start (five words, "of the", "St."). */
    private static final int MAX_WORDS_BACK = 20;
    private static final Set<String> CONNECTORS = Set.of("of", "for", "and", "the");

    private OrganizationRecognizer() {
    }

    /** Whether a lower-case word describes a kind of facility rather than names one ("general", "cardiology"). */
    static boolean isGeneric(String lowerWord) {
        return GENERIC.contains(lowerWord);
    }

    @Override
    public String name() {
        return "organization";
    }

    @Override
    public void detect(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher m = null;
        int lastEnd = 0;
        // every match ends in an organisation word: try ORG at the capitalised words shortly before each one
        for (int cue = 0; cue < scan.cues; cue++) {
            int k = scan.cueWord[cue];
            int ws = scan.wordStart[k];
            if (ws < lastEnd || !TextScan.isUpper(text.charAt(ws)) || (scan.wordBits[k] & CueWords.ORG_SUFFIX) == 0) {
                continue;
            }
            for (int c = firstCandidate(scan, k, lastEnd); c <= k; c++) {
                int cs = scan.wordStart[c];
                if (cs < lastEnd || !TextScan.isUpper(text.charAt(cs))) {
                    continue;
                }
                m = m == null ? Patterns.matcher(ORG, text) : m;
                if (m.region(cs, scan.length).lookingAt()) {
                    lastEnd = m.end();
                    organization(text, m, out);
                }
            }
        }
    }

    /**
     * The first word an organisation name ending at word k may start at: walking back over capitalised words,
     * connectors ("of the", "and", "&") and word parts glued by "'", "." or "-" ("Children's", "St.").
     */
    private static int firstCandidate(TextScan scan, int k, int lastEnd) {
        String text = scan.text;
        int first = k;
        for (int j = k - 1; j >= 0 && k - j <= MAX_WORDS_BACK && scan.wordStart[j] >= lastEnd; j--) {
            boolean glued = true;
            for (int i = scan.wordEnd[j]; i < scan.wordStart[j + 1]; i++) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    glued = false;
                } else if (c != '.' && c != '\'' && c != '-' && c != '&') {
                    return first;
                }
            }
            if (TextScan.isUpper(text.charAt(scan.wordStart[j]))) {
                first = j;
            } else if (!CONNECTORS.contains(text.substring(scan.wordStart[j], scan.wordEnd[j]))
                    && !(j > 0 && gluedToPrevious(scan, j))) {
                return first; // a lower-case word ends the run unless it is a word part ("Mary's")
            }
        }
        return first;
    }

    /** Whether word j directly follows word j-1 across "'", ".", "-" or "&" only ("Mary" + "'" + "s"). */
    private static boolean gluedToPrevious(TextScan scan, int j) {
        int from = scan.wordEnd[j - 1];
        int to = scan.wordStart[j];
        for (int i = from; i < to; i++) {
            char c = scan.text.charAt(i);
            if (c != '.' && c != '\'' && c != '-' && c != '&') {
                return false;
            }
        }
        return to > from;
    }

    private void organization(String text, Matcher m, List<PhiSpan> out) {
        int start = m.start();
        int end = m.end();
        // drop sentence words in front: "Pt Milford General Hospital" -> "Milford General Hospital"
        while (start < end) {
            int e = start;
            while (e < end && !Character.isWhitespace(text.charAt(e))) {
                e++;
            }
            String w = text.substring(start, e).toLowerCase(Locale.ROOT);
            String bare = bareWord(w);
            if ((Lexicon.NOT_NAMES.contains(bare) || Lexicon.NOT_NAMES.contains(w)) && !LEAD_OK.contains(w)
                    && !Lexicon.SURNAMES.contains(bare)
                    && !LEAD_OK.contains(bare)) {
                start = e;
                while (start < end && Character.isWhitespace(text.charAt(start))) {
                    start++;
                }
            } else {
                break;
            }
        }
        if (start >= end || !hasDistinctiveWord(text, start, end)) {
            return;
        }
        out.add(new PhiSpan(PhiType.ORGANIZATION, start, end, name(), 0.8));
        // "Mayo Clinic, Rochester": a known place right after the organisation is its city
        if (end + 2 < text.length() && text.charAt(end) == ',') {
            int cs = end + 1;
            while (cs < text.length() && text.charAt(cs) == ' ') {
                cs++;
            }
            int ce = AddressRecognizer.matchPlace(text, cs);
            if (ce > 0) {
                out.add(new PhiSpan(PhiType.CITY, cs, ce, name(), 0.75));
            }
        }
    }

    private static boolean hasDistinctiveWord(String text, int start, int end) {
        int i = start;
        while (i < end) {
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int e = i;
            while (e < end && !Character.isWhitespace(text.charAt(e))) {
                e++;
            }
            if (e > i) {
                String bare = strip(text.substring(i, e).toLowerCase(Locale.ROOT), ".,");
                if (!bare.isEmpty() && !GENERIC.contains(bare) && !bare.equals("st") && !bare.equals("saint")
                        && !bare.equals("mt") && !bare.equals("mount") && Character.isLetter(bare.charAt(0))) {
                    return true;
                }
            }
            i = e;
        }
        return false;
    }

    /** {@code s} without any of the chars in {@code drop}. */
    private static String strip(String s, String drop) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (drop.indexOf(c) >= 0) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** Like {@code w.replaceAll("[^a-z']", "")}. */
    private static String bareWord(String w) {
        StringBuilder b = new StringBuilder(w.length());
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c >= 'a' && c <= 'z' || c == '\'') {
                b.append(c);
            }
        }
        return b.toString();
    }
}
