package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Geography below state level: street addresses (with Apt/Unit/Suite), PO boxes, the city and ZIP that follow
 * an address, "City, ST 12345" lines, ZIP codes after a ZIP word or a state, and known US places after a
 * place cue ("lives in", "from", "moved to"). State abbreviations themselves are never reported.
 */
public final class AddressRecognizer implements PhiRecognizer {

    public static final AddressRecognizer INSTANCE = new AddressRecognizer();

    private static final String SUFFIX = "(?:Street|St|Avenue|Ave|Av|Road|Rd|Drive|Dr|Lane|Ln|Boulevard|Blvd|Way|Court|Ct"
            + "|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Row|Path|Pike|Alley"
            + "|Crossing|Point|Run|Ridge|Heights|Hts|Plaza|Plz|Expressway|Expy|Turnpike|Close|Cove|Bend|Glen|Grove"
            + "|Hollow|Landing|Meadows?|Pass|Walk|Commons|Mall|Oval)";
    private static final String SECONDARY =
            "(?:,?\\s*(?:Apt|Apartment|Unit|Suite|Ste|Bldg|Building|Floor|Fl|Rm|Room|Lot|Space|Trlr|#)\\.?\\s*#?\\s*[A-Za-z0-9-]{1,6}\\b)?";
    private static final Pattern STREET = Pattern.compile(
            "(?<![\\w.,/:-])\\d{1,6}[A-Za-z]?\\s+(?:(?:[NSEW]\\.?|North|South|East|West|NE|NW|SE|SW)\\s+)?"
            + "(?:(?:[A-Z][A-Za-z'-]*\\.?|\\d{1,3}(?:st|nd|rd|th))\\s+){1,3}" + SUFFIX + "\\b\\.?" + SECONDARY
            + "|(?<![\\w.,/:-])\\d{1,6}\\s+(?:Highway|Hwy|Route|Rte|County\\s+Road|State\\s+Route)\\s+\\d{1,4}\\b" + SECONDARY
            + "|\\b(?:P\\.?\\s?O\\.?\\s*Box|Post\\s+Office\\s+Box)\\s+\\d+\\b"
            + "|\\b(?:Apt|Apartment|Suite|Ste)\\.?\\s*#?\\s*\\d+[A-Za-z]?\\b");
    private static final String CAPWORDS = "(?:St\\.\\s|Saint\\s|Mount\\s|Mt\\.\\s|Fort\\s|Ft\\.\\s)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}";
    /** What may follow an address: ", City", " in City", then optionally state and ZIP. */
    private static final Pattern AFTER_STREET = Pattern.compile(
            "^(?:,\\s*|\\s+in\\s+)(?<city>" + CAPWORDS + ")(?=,?\\s+[A-Z]{2}\\b|,?\\s+\\d{5}|\\s*[.;,\\n)]|\\s*$)"
            + "(?:,?\\s+(?<st>[A-Z]{2})\\b)?(?:,?\\s+(?<zip>\\d{5}(?:-\\d{4})?)\\b)?");
    private static final Pattern CITY_STATE = Pattern.compile(
            "\\b(?<city>" + CAPWORDS + "),?\\s+(?<st>[A-Z]{2})\\b(?:,?\\s+(?<zip>\\d{5}(?:-\\d{4})?)(?![\\d-]))?");
    private static final Pattern ZIP_CONTEXT = Pattern.compile(
            "(?i)\\b(?:zip|zip\\s*code|zipcode|postal\\s*code)\\s*(?:is\\s*)?[:#]?\\s*(?<zip>\\d{5}(?:-\\d{4})?)(?![\\d-])");
    private static final Pattern ZIP4 = Pattern.compile("(?<![\\w-])\\d{5}-\\d{4}(?![\\w-])");
    private static final Pattern CITY_ZIP = Pattern.compile("\\b(?<city>" + CAPWORDS + "),?\\s+(?<zip>\\d{5})(?![\\d-])");
    private static final Pattern PLACE_CUE = Pattern.compile(
            "(?i)\\b(?:lives|living|live|lived|resides|resided|residing|moved|moving|relocated|from|in|to|near|"
            + "visiting|visited|born|grew\\s+up|drove|traveled|travelled|back|home|outside|of)\\s+(?:in\\s+|to\\s+|from\\s+|near\\s+)?"
            + "(?-i)(?=[A-Z])");
    /** "MD", "PA", "DO" after a name are credentials, not Maryland/Pennsylvania. */
    private static final java.util.Set<String> CREDENTIAL_STATES = java.util.Set.of("MD", "PA", "ME", "OR", "IN", "OK", "HI", "DE", "CO", "MA", "AL");

    private AddressRecognizer() {
    }

    @Override
    public String name() {
        return "address";
    }

    @Override
    public List<PhiSpan> detect(String text) {
        List<PhiSpan> out = new ArrayList<>();
        Matcher m = STREET.matcher(text);
        while (m.find()) {
            out.add(new PhiSpan(PhiType.ADDRESS, m.start(), m.end(), name(), 0.85));
            Matcher a = AFTER_STREET.matcher(text).region(m.end(), text.length()).useTransparentBounds(true);
            if (a.lookingAt() && !Lexicon.NOT_NAMES.contains(firstWord(a.group("city")))) {
                out.add(new PhiSpan(PhiType.CITY, a.start("city"), a.end("city"), name(), 0.8));
                if (a.group("zip") != null) {
                    out.add(new PhiSpan(PhiType.ZIP, a.start("zip"), a.end("zip"), name(), 0.85));
                }
            }
        }
        m = CITY_STATE.matcher(text);
        while (m.find()) {
            String st = m.group("st");
            if (!Lexicon.STATES.contains(st)) {
                continue;
            }
            boolean zip = m.group("zip") != null;
            if (!zip && text.charAt(m.end("city")) != ',') {
                continue; // "Fingerprint ID" is not Idaho: without a ZIP the state must follow a comma
            }
            int cityStart = trimLeadingStopwords(text, m.start("city"), m.end("city"));
            if (cityStart < 0) {
                continue;
            }
            String city = text.substring(cityStart, m.end("city"));
            if (!zip && CREDENTIAL_STATES.contains(st) && !Lexicon.PLACES.contains(city.toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.add(new PhiSpan(PhiType.CITY, cityStart, m.end("city"), name(), zip ? 0.85 : 0.7));
            if (zip) {
                out.add(new PhiSpan(PhiType.ZIP, m.start("zip"), m.end("zip"), name(), 0.9));
            }
        }
        m = CITY_ZIP.matcher(text);
        while (m.find()) {
            int cityStart = trimLeadingStopwords(text, m.start("city"), m.end("city"));
            if (cityStart >= 0 && knownPlaceSuffix(text, cityStart, m.end("city")) >= 0) {
                int ps = knownPlaceSuffix(text, cityStart, m.end("city"));
                out.add(new PhiSpan(PhiType.CITY, ps, m.end("city"), name(), 0.8));
                out.add(new PhiSpan(PhiType.ZIP, m.start("zip"), m.end("zip"), name(), 0.85));
            }
        }
        m = ZIP_CONTEXT.matcher(text);
        while (m.find()) {
            out.add(new PhiSpan(PhiType.ZIP, m.start("zip"), m.end("zip"), name(), 0.9));
        }
        m = ZIP4.matcher(text);
        while (m.find()) {
            out.add(new PhiSpan(PhiType.ZIP, m.start(), m.end(), name(), 0.6));
        }
        m = PLACE_CUE.matcher(text);
        while (m.find()) {
            int end = matchPlace(text, m.end());
            if (end > 0) {
                out.add(new PhiSpan(PhiType.CITY, m.end(), end, name(), 0.7));
            }
        }
        return out;
    }

    /** End offset of the longest known place starting at {@code start}, or -1. */
    static int matchPlace(String text, int start) {
        int best = -1;
        int pos = start;
        StringBuilder words = new StringBuilder();
        for (int w = 0; w < Lexicon.MAX_PLACE_WORDS && pos < text.length(); w++) {
            int e = pos;
            while (e < text.length() && (Character.isLetter(text.charAt(e)) || text.charAt(e) == '.'
                    || text.charAt(e) == '-' || text.charAt(e) == '\'')) {
                e++;
            }
            if (e == pos || !Character.isUpperCase(text.charAt(pos))) {
                break;
            }
            if (w > 0) {
                words.append(' ');
            }
            words.append(text, pos, e);
            String cand = words.toString().toLowerCase(Locale.ROOT);
            if (Lexicon.PLACES.contains(cand)) {
                best = e;
            } else if (cand.endsWith(".") && Lexicon.PLACES.contains(cand.substring(0, cand.length() - 1))) {
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
