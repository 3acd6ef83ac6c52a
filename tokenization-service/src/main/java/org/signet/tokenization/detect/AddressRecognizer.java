package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.signet.lexicon.LexiconBits;

/**
 * Geography below state level: street addresses (with Apt/Unit/Suite), PO boxes, the city and ZIP that follow
 * an address, "City, ST 12345" lines, ZIP codes after a ZIP word or a state, and known US places after a
 * place cue ("lives in", "from", "moved to"). State abbreviations themselves are never reported.
 */
public final class AddressRecognizer implements ScanRecognizer {

    public static final AddressRecognizer INSTANCE = new AddressRecognizer();

    /** The words a street name ends in, in the order the pattern tries them. */
    private static final List<String> SUFFIXES = List.of("Street", "St", "Avenue", "Ave", "Av", "Road", "Rd", "Drive",
            "Dr", "Lane", "Ln", "Boulevard", "Blvd", "Way", "Court", "Ct", "Place", "Pl", "Terrace", "Ter", "Circle", "Cir",
            "Parkway", "Pkwy", "Highway", "Hwy", "Trail", "Trl", "Square", "Sq", "Loop", "Row", "Path", "Pike", "Alley",
            "Crossing", "Point", "Run", "Ridge", "Heights", "Hts", "Plaza", "Plz", "Expressway", "Expy", "Turnpike",
            "Close", "Cove", "Bend", "Glen", "Grove", "Hollow", "Landing", "Meadows", "Meadow", "Pass", "Walk", "Commons",
            "Mall", "Oval");
    private static final String SUFFIX = Patterns.alternation(SUFFIXES, false);
    private static final String SECONDARY =
            "(?:,?\\s*(?:Apt|Apartment|Unit|Suite|Ste|Bldg|Building|Floor|Fl|Rm|Room|Lot|Space|Trlr|#)\\.?\\s*#?\\s*[A-Za-z0-9-]{1,6}\\b)?";
    private static final Pattern STREET = Pattern.compile(
            "(?<![\\w.,/:-])\\d{1,6}[A-Za-z]?\\s+(?:(?:[NSEW]\\.?|North|South|East|West|NE|NW|SE|SW)\\s+)?"
            + "(?:(?:[A-Z][A-Za-z'-]*\\.?|\\d{1,3}(?:st|nd|rd|th))\\s+){1,4}" + SUFFIX + "\\b\\.?" + SECONDARY
            // "on 4th Street", "5th Ave": a numbered street without a house number
            + "|(?<![\\w.,/:-])\\d{1,3}(?:st|nd|rd|th)\\s+(?:Street|St|Avenue|Ave|Road|Rd)\\b\\.?" + SECONDARY
            + "|(?<![\\w.,/:-])\\d{1,6}\\s+(?:Highway|Hwy|Route|Rte|County\\s+Road|State\\s+Route)\\s+\\d{1,4}\\b" + SECONDARY
            + "|\\b(?:P\\.?\\s?O\\.?\\s*Box|Post\\s+Office\\s+Box)\\s+\\d+\\b"
            + "|\\b(?:Apt|Apartment|Suite|Ste)\\.?\\s*#?\\s*\\d+[A-Za-z]?\\b");
    private static final String CAPWORDS = "(?:St\\.\\s|Saint\\s|Mount\\s|Mt\\.\\s|Fort\\s|Ft\\.\\s)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}";
    /** What may follow an address: ", City", " in City", then optionally state and ZIP. */
    private static final Pattern AFTER_STREET = Pattern.compile(
            "(?:,\\s*|\\s+in\\s+)(?<city>" + CAPWORDS + ")(?=,?\\s+[A-Z]{2}\\b|,?\\s+\\d{5}|\\s*[.;,\\n)]|\\s*$)"
            + "(?:,?\\s+(?<st>[A-Z]{2})\\b)?(?:,?\\s+(?<zip>\\d{5}(?:-\\d{4})?)\\b)?");
    private static final Pattern CITY_STATE = Pattern.compile(
            "\\b(?<city>" + CAPWORDS + "),?\\s+(?<st>[A-Z]{2})\\b(?:,?\\s+(?<zip>\\d{5}(?:-\\d{4})?)(?![\\d-]))?");
    private static final Pattern ZIP_CONTEXT = Pattern.compile(
            "(?i)\\b(?:zip|zip\\s*code|zipcode|postal\\s*code)\\s*(?:is\\s*)?[:#]?\\s*(?<zip>\\d{5}(?:-\\d{4})?)(?![\\d-])");
    private static final Pattern ZIP4 = Pattern.compile("(?<![\\w-])\\d{5}-\\d{4}(?![\\w-])");
    private static final Pattern CITY_ZIP = Pattern.compile("\\b(?<city>" + CAPWORDS + "),?\\s+(?<zip>\\d{5})(?![\\d-])");
    /** "MD", "PA", "DO" after a name are credentials, not Maryland/Pennsylvania. */
    static final java.util.Set<String> CREDENTIAL_STATES = java.util.Set.of("MD", "PA", "ME", "OR", "IN", "OK", "HI", "DE", "CO", "MA", "AL");

    /** The suffixes and the route words of STREET, by initial (A-Z): a street line at a number needs one. */
    private static final String[][] STREET_WORDS_BY_INITIAL = byInitial(SUFFIXES,
            List.of("Highway", "Hwy", "Route", "Rte", "County", "State"));
    /** After its number, STREET reads at most a direction and four name words before the suffix. */
    private static final int MAX_TOKENS_BEFORE_SUFFIX = 5;

    /** Chars that may not precede a house number (part of the STREET lookbehind). */
    private static final String NOT_BEFORE_NUMBER = ".,/:-";
    /** How far before a state or ZIP a city name may start. */
    private static final int CITY_WINDOW = 64;

    private AddressRecognizer() {
    }

    @Override
    public String name() {
        return "address";
    }

    @Override
    public void detect(TextScan scan, List<PhiSpan> out) {
        streets(scan, out);
        streetsInAnyCase(scan, out);
        cityState(scan, out);
        cityZip(scan, out);
        zips(scan, out);
        placesAfterCue(scan, out);
    }

    /** Street lines start at a house number; PO boxes and apartments at their word. */
    private void streets(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        int n = scan.length;
        Matcher m = null;
        Matcher after = null;
        int lastEnd = 0;
        int cue = 0;
        for (int k = 0; k <= scan.nums; k++) {
            int numPos = k < scan.nums ? scan.numStart[k] : n;
            for (; cue < scan.cues && scan.wordStart[scan.cueWord[cue]] < numPos; cue++) {
                int w = scan.cueWord[cue];
                int ws = scan.wordStart[w];
                if (ws >= lastEnd && (scan.wordBits[w] & CueWords.STREET) != 0 && scan.digitAfterWord(w, 24)) {
                    m = m == null ? Patterns.matcher(STREET, text) : m;
                    if (m.region(ws, n).lookingAt()) {
                        lastEnd = m.end();
                        after = street(text, m, after, out);
                    }
                }
            }
            if (k == scan.nums) {
                break;
            }
            int s = numPos;
            int e = scan.numEnd[k];
            if (s < lastEnd || e - s > 6 || NOT_BEFORE_NUMBER.indexOf(scan.at(s - 1)) >= 0
                    || TextScan.isWordChar(scan.at(s - 1))) {
                continue;
            }
            if (TextScan.isLetter(scan.at(e))) {
                e += TextScan.isLetter(scan.at(e + 1)) ? 2 : 1; // "12B Main St", "4th Street"
            }
            if (!Character.isWhitespace(scan.at(e))) {
                continue;
            }
            // a street name, direction or route word follows: capitalised or a number ("5th", "Route 9")
            int f = e;
            while (Character.isWhitespace(scan.at(f))) {
                f++;
            }
            if (!TextScan.isUpper(scan.at(f)) && !TextScan.isDigit(scan.at(f)) || !streetWordAhead(text, f)) {
                continue;
            }
            m = m == null ? Patterns.matcher(STREET, text) : m;
            if (m.region(s, n).lookingAt()) {
                lastEnd = m.end();
                after = street(text, m, after, out);
            }
        }
    }

    /**
     * Whether one of the whitespace-separated tokens from {@code p} on, up to the last one STREET could end in,
     * starts with a street suffix or route word. Most numbers followed by a capitalised word ("2 Tabs", "10 Patient")
     * fail here, without running STREET's long alternations at every word.
     */
    private static boolean streetWordAhead(String text, int p) {
        int n = text.length();
        for (int token = 0; token <= MAX_TOKENS_BEFORE_SUFFIX && p < n; token++) {
            char c = text.charAt(p);
            if (c >= 'A' && c <= 'Z') {
                for (String w : STREET_WORDS_BY_INITIAL[c - 'A']) {
                    if (text.startsWith(w, p)) {
                        return true;
                    }
                }
            }
            while (p < n && !TextScan.isRegexSpace(text.charAt(p))) {
                p++;
            }
            while (p < n && TextScan.isRegexSpace(text.charAt(p))) {
                p++;
            }
        }
        return false;
    }

    @SafeVarargs
    private static String[][] byInitial(List<String>... lists) {
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            buckets.add(new ArrayList<>());
        }
        for (List<String> words : lists) {
            for (String w : words) {
                buckets.get(w.charAt(0) - 'A').add(w);
            }
        }
        return buckets.stream().map(b -> b.toArray(String[]::new)).toArray(String[][]::new);
    }

    private Matcher street(String text, Matcher m, Matcher after, List<PhiSpan> out) {
        out.add(new PhiSpan(PhiType.ADDRESS, m.start(), m.end(), name(), 0.85));
        Matcher a = after == null ? Patterns.matcher(AFTER_STREET, text) : after;
        if (a.region(m.end(), text.length()).lookingAt() && !Lexicon.NOT_NAMES.contains(firstWord(a.group("city")))) {
            out.add(new PhiSpan(PhiType.CITY, a.start("city"), a.end("city"), name(), 0.8));
            if (a.group("zip") != null) {
                out.add(new PhiSpan(PhiType.ZIP, a.start("zip"), a.end("zip"), name(), 0.85));
            }
        }
        return a;
    }

    /** Abbreviated street types that also abbreviate clinical words ("ST" sinus tachycardia, "ln" lymph node). */
    private static final java.util.Set<String> AMBIGUOUS_STREET_ENDS = java.util.Set.of("st", "rd", "ln", "ave");
    /** How many name words a street name may have before its type word. */
    private static final int MAX_STREET_NAME_WORDS = 3;

    /**
     * Streets that {@link #STREET} cannot read because they are not capitalised: "12 seymour street", "lives on
     * main st", "HOUSE ON ELM ROAD". Read backwards from the street type over at most three name words, to a house
     * number or to a residence cue and "on"/"at"/"off" ("corner of"). An abbreviated type after a house number
     * alone needs name words that are names, places or unknown, not ordinary words ("110 sinus ST" is a rhythm,
     * "2 enlarged ln" lymph nodes).
     */
    private void streetsInAnyCase(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        int lastEnd = 0;
        for (int c = 0; c < scan.cues; c++) {
            int k = scan.cueWord[c];
            if ((scan.wordBits[k] & CueWords.STREET_END) == 0 || scan.wordStart[k] < lastEnd
                    || !TextScan.isLetterBoundary(scan, k)) {
                continue;
            }
            int first = k;
            boolean ordinary = false;
            while (first > 0 && k - first < MAX_STREET_NAME_WORDS
                    && spacesOnly(text, scan.wordEnd[first - 1], scan.wordStart[first])
                    && TextScan.isLetterBoundary(scan, first - 1) && scan.wordEnd[first - 1] - scan.wordStart[first - 1] >= 2
                    && (Vocabulary.bits(text, scan.wordStart[first - 1], scan.wordEnd[first - 1])
                            & LexiconBits.FUNCTION) == 0
                    && (scan.wordBits[first - 1] & (CueWords.STREET_END | CueWords.RESIDENCE)) == 0) {
                first--;
                ordinary |= ordinaryWord(text, scan.wordStart[first], scan.wordEnd[first]);
            }
            if (first == k) {
                continue;
            }
            int start = houseNumberBefore(scan, first);
            boolean abbreviated = AMBIGUOUS_STREET_ENDS.contains(
                    text.substring(scan.wordStart[k], scan.wordEnd[k]).toLowerCase(Locale.ROOT));
            if (start >= 0 && abbreviated && ordinary) {
                start = -1;
            }
            if (start < 0 && residenceBefore(scan, first)) {
                start = scan.wordStart[first];
            }
            if (start < 0) {
                continue;
            }
            int end = scan.wordEnd[k] + (abbreviated && scan.at(scan.wordEnd[k]) == '.' ? 1 : 0);
            out.add(new PhiSpan(PhiType.ADDRESS, start, end, name(), 0.8));
            lastEnd = end;
        }
    }

    /** Whether a word is ordinary English or clinical vocabulary and on no name or place list. */
    private static boolean ordinaryWord(String text, int start, int end) {
        int bits = Vocabulary.bits(text, start, end);
        int names = LexiconBits.GIVEN | LexiconBits.SURNAME
                | LexiconBits.PLACE;
        return (bits & LexiconBits.WORD) != 0 && (bits & names) == 0
                || Lexicon.NOT_NAMES.contains(text.substring(start, end).toLowerCase(Locale.ROOT));
    }

    /** Start of a house number written right before word {@code first} ("12 seymour"), or -1. */
    private static int houseNumberBefore(TextScan scan, int first) {
        int p = scan.wordStart[first] - 1;
        if (!Character.isWhitespace(scan.at(p))) {
            return -1;
        }
        while (p >= 0 && Character.isWhitespace(scan.at(p))) {
            p--;
        }
        int e = p + 1;
        while (p >= 0 && TextScan.isDigit(scan.at(p))) {
            p--;
        }
        int digits = e - (p + 1);
        if (digits < 1 || digits > 6 || TextScan.isWordChar(scan.at(p)) || NOT_BEFORE_NUMBER.indexOf(scan.at(p)) >= 0
                && p >= 0) {
            return -1;
        }
        return p + 1;
    }

    /** Whether "lives on", "house at", "moved off", "corner of" stands right before word {@code first}. */
    private static boolean residenceBefore(TextScan scan, int first) {
        if (first < 2) {
            return false;
        }
        String text = scan.text;
        int link = first - 1;
        int cue = first - 2;
        if (!spacesOnly(text, scan.wordEnd[link], scan.wordStart[first])
                || !spacesOnly(text, scan.wordEnd[cue], scan.wordStart[link])
                || (scan.wordBits[cue] & CueWords.RESIDENCE) == 0 || !TextScan.isLetterBoundary(scan, cue)) {
            return false;
        }
        int ls = scan.wordStart[link];
        int len = scan.wordEnd[link] - ls;
        boolean corner = scan.wordEnd[cue] - scan.wordStart[cue] == 6 && text.regionMatches(true, scan.wordStart[cue], "corner", 0, 6);
        if (corner) {
            return len == 2 && text.regionMatches(true, ls, "of", 0, 2);
        }
        return len == 2 && (text.regionMatches(true, ls, "on", 0, 2) || text.regionMatches(true, ls, "at", 0, 2))
                || len == 3 && text.regionMatches(true, ls, "off", 0, 3);
    }

    /** "City, ST": tried backwards from each state abbreviation over the capitalised words before it. */
    private void cityState(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher m = null;
        int lastEnd = 0;
        for (int cue = 0; cue < scan.cues; cue++) {
            int k = scan.cueWord[cue];
            int ws = scan.wordStart[k];
            if ((scan.wordBits[k] & CueWords.STATE) == 0 || ws < lastEnd || !TextScan.isUpper(text.charAt(ws))
                    || !TextScan.isUpper(text.charAt(ws + 1)) || !Lexicon.STATES.contains(text.substring(ws, ws + 2))) {
                continue;
            }
            // a city of at most three words (and "St."/"Mount") ends right before the state, after a lower-case letter
            int b = ws - 1;
            while (b >= 0 && Character.isWhitespace(scan.at(b))) {
                b--;
            }
            if (b == ws - 1 || !Character.isLowerCase(scan.at(scan.at(b) == ',' ? b - 1 : b))) {
                continue;
            }
            for (int c = scan.firstWordFrom(Math.max(lastEnd, ws - CITY_WINDOW), k - 5); c < k; c++) {
                int cs = scan.wordStart[c];
                if (cs < lastEnd || !TextScan.isUpper(text.charAt(cs))) {
                    continue;
                }
                m = m == null ? Patterns.matcher(CITY_STATE, text) : m;
                if (m.region(cs, scan.length).lookingAt()) {
                    lastEnd = m.end();
                    cityStateMatch(text, m, out);
                }
            }
        }
    }

    private void cityStateMatch(String text, Matcher m, List<PhiSpan> out) {
        String st = m.group("st");
        if (!Lexicon.STATES.contains(st)) {
            return;
        }
        boolean zip = m.group("zip") != null;
        if (!zip && text.charAt(m.end("city")) != ',') {
            return; // "Fingerprint ID" is not Idaho: without a ZIP the state must follow a comma
        }
        int cityStart = trimLeadingStopwords(text, m.start("city"), m.end("city"));
        if (cityStart < 0) {
            return;
        }
        String city = text.substring(cityStart, m.end("city"));
        if (!zip && CREDENTIAL_STATES.contains(st) && !Lexicon.PLACES.contains(city.toLowerCase(Locale.ROOT))) {
            return;
        }
        out.add(new PhiSpan(PhiType.CITY, cityStart, m.end("city"), name(), zip ? 0.85 : 0.7));
        if (zip) {
            out.add(new PhiSpan(PhiType.ZIP, m.start("zip"), m.end("zip"), name(), 0.9));
        }
    }

    /** "City 12345": tried backwards from each five-digit number. */
    private void cityZip(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher m = null;
        int lastEnd = 0;
        for (int k = 0; k < scan.nums; k++) {
            int s = scan.numStart[k];
            if (scan.numEnd[k] - s != 5 || s < lastEnd || scan.at(s + 5) == '-' || !Character.isWhitespace(scan.at(s - 1))) {
                continue;
            }
            int limit = scan.wordAfterNum(k);
            for (int c = scan.firstWordFrom(Math.max(lastEnd, s - CITY_WINDOW), limit - 5); c < limit; c++) {
                int cs = scan.wordStart[c];
                if (cs < lastEnd || !TextScan.isUpper(text.charAt(cs))) {
                    continue;
                }
                m = m == null ? Patterns.matcher(CITY_ZIP, text) : m;
                if (m.region(cs, scan.length).lookingAt()) {
                    lastEnd = m.end();
                    int cityStart = trimLeadingStopwords(text, m.start("city"), m.end("city"));
                    int ps = cityStart < 0 ? -1 : knownPlaceSuffix(text, cityStart, m.end("city"));
                    if (ps >= 0) {
                        out.add(new PhiSpan(PhiType.CITY, ps, m.end("city"), name(), 0.8));
                        out.add(new PhiSpan(PhiType.ZIP, m.start("zip"), m.end("zip"), name(), 0.85));
                    }
                }
            }
        }
    }

    private void zips(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher m = null;
        int lastEnd = 0;
        for (int c = 0; c < scan.cues; c++) {
            int k = scan.cueWord[c];
            int ws = scan.wordStart[k];
            if (ws >= lastEnd && (scan.wordBits[k] & CueWords.ZIP) != 0
                    && scan.digitAfterWord(k, 24)) {
                m = m == null ? Patterns.matcher(ZIP_CONTEXT, text) : m;
                if (m.region(ws, scan.length).lookingAt()) {
                    lastEnd = m.end();
                    out.add(new PhiSpan(PhiType.ZIP, m.start("zip"), m.end("zip"), name(), 0.9));
                }
            }
        }
        Matcher z4 = null;
        for (int k = 0; k < scan.nums; k++) {
            int s = scan.numStart[k];
            if (scan.numEnd[k] - s == 5 && scan.at(s + 5) == '-' && TextScan.isDigit(scan.at(s + 6))) {
                z4 = z4 == null ? Patterns.matcher(ZIP4, text) : z4;
                if (z4.region(s, scan.length).lookingAt()) {
                    out.add(new PhiSpan(PhiType.ZIP, z4.start(), z4.end(), name(), 0.6));
                }
            }
        }
    }

    /**
     * "lives in Dayton", "moved to Springfield": a known place right after a place cue word, optionally joined
     * by "in/to/from/near" ("moved back to Ohio"). Done on the scanned words, as {@code CUE\s+(LINK\s+)?[A-Z]}.
     */
    private void placesAfterCue(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        int n = scan.words;
        for (int c = 0; c < scan.cues && scan.cueWord[c] + 1 < n; c++) {
            int k = scan.cueWord[c];
            if ((scan.wordBits[k] & CueWords.PLACE) == 0 || !TextScan.isLetterBoundary(scan, k)) {
                continue;
            }
            int next = k + 1;
            if (text.regionMatches(true, scan.wordStart[k], "grew", 0, 4) && scan.wordEnd[k] - scan.wordStart[k] == 4) {
                // "grew up in": the cue is two words
                if (!spacesOnly(text, scan.wordEnd[k], scan.wordStart[next]) || scan.wordEnd[next] - scan.wordStart[next] != 2
                        || !text.regionMatches(true, scan.wordStart[next], "up", 0, 2) || next + 1 >= n) {
                    continue;
                }
                next++;
            }
            if (!spacesOnly(text, scan.wordEnd[next - 1], scan.wordStart[next])) {
                continue;
            }
            int place = -1;
            if ((scan.wordBits[next] & CueWords.PLACE_LINK) != 0 && next + 1 < n
                    && spacesOnly(text, scan.wordEnd[next], scan.wordStart[next + 1])
                    && TextScan.isUpper(text.charAt(scan.wordStart[next + 1]))) {
                place = scan.wordStart[next + 1];
            } else if (TextScan.isUpper(text.charAt(scan.wordStart[next]))) {
                place = scan.wordStart[next];
            }
            if (place < 0) {
                continue;
            }
            int end = matchPlace(text, place);
            if (end > 0) {
                out.add(new PhiSpan(PhiType.CITY, place, end, name(), 0.7));
            }
        }
    }

    /** Whether [from, to) is a non-empty run of whitespace. */
    private static boolean spacesOnly(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\u000B') {
                return false;
            }
        }
        return true;
    }

    /** End offset of the longest known place starting at {@code start}, or -1. */
    static int matchPlace(String text, int start) {
        int best = -1;
        int pos = start;
        for (int w = 0; w < Lexicon.MAX_PLACE_WORDS && pos < text.length(); w++) {
            int e = pos;
            while (e < text.length() && (Character.isLetter(text.charAt(e)) || text.charAt(e) == '.'
                    || text.charAt(e) == '-' || text.charAt(e) == '\'')) {
                e++;
            }
            if (e == pos || !Character.isUpperCase(text.charAt(pos))) {
                break;
            }
            // the words so far, joined by single spaces, are text[start, e)
            if (Lexicon.PLACE_NAMES.get(text, start, e) != 0) {
                best = e;
            } else if (text.charAt(e - 1) == '.' && Lexicon.PLACE_NAMES.get(text, start, e - 1) != 0) {
                best = e - 1;
            }
            if (e >= text.length() || text.charAt(e) != ' ') {
                break;
            }
            pos = e + 1;
        }
        return best;
    }

    /** Start of the shortest known place that ends at {@code end} within [start, end), or -1. */
    private static int knownPlaceSuffix(String text, int start, int end) {
        for (int s = start; s < end; s++) {
            if (s == start || text.charAt(s - 1) == ' ') {
                if (matchPlace(text, s) == end) {
                    return s;
                }
            }
        }
        return -1;
    }

    /** Drops leading words like "Yes", "Patient", "Lives" from a capitalised run; -1 when nothing is left. */
    private static int trimLeadingStopwords(String text, int start, int end) {
        int s = start;
        while (s < end) {
            int e = s;
            while (e < end && Character.isLetter(text.charAt(e))) {
                e++;
            }
            String w = text.substring(s, e).toLowerCase(Locale.ROOT);
            if (!Lexicon.NOT_NAMES.contains(w) || w.equals("st") || w.equals("saint") || w.equals("fort")) {
                return s;
            }
            s = e;
            while (s < end && !Character.isLetter(text.charAt(s))) {
                s++;
            }
        }
        return -1;
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i).toLowerCase(Locale.ROOT);
    }
}
