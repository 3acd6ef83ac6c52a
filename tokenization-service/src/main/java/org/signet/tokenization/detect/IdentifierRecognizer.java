package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifying numbers: SSN (validated), and MRN, account, health-plan, licence/DEA/NPI, device, vehicle,
 * biometric, photo and other ids found after a context word ("MRN", "acct", "member ID", "serial", "plate",
 * "fingerprint ID", "case #" ...). Without a context word only self-describing forms count: validated SSNs,
 * VINs with a correct check digit, DEA numbers with a correct checksum, and prefixed tokens like MRN123456.
 */
public final class IdentifierRecognizer implements ScanRecognizer {

    public static final IdentifierRecognizer INSTANCE = new IdentifierRecognizer();

    private static final String NUM = "(?:\\s*(?:number|num|nbr|no\\.?|#|id))?";
    /**
     * Between a keyword and its value. Whitespace is taken possessively ({@code \\s*+}): nothing after it starts
     * with a space, and with plain {@code \\s*} a long run of spaces could be split among the nine slots in
     * polynomially many ways before a failed match gives up (a note with 28 spaces after "chart." took seconds).
     */
    private static final String FILL =
            "(?:\\s*+[:#=(,.-]?\\s*+(?:(?:is|was|still|number|no\\.|num|nbr|id|#|of|ending\\s+in|on\\s+file|reads?|shows?)\\b\\.?)?){0,4}?\\s*+";
    /** A token with at least one digit, letters/digits joined by single - / or . */
    private static final String VALUE = "(?<id>(?=[A-Za-z0-9./-]*\\d)[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])){2,})";

    /** A plate may have inner spaces ("MN-4KX 229", "ABC 1234"): a later group must hold a digit. */
    private static final String PLATE = "(?<id>(?=[A-Za-z0-9./-]*(?: [A-Za-z0-9]*)?\\d)[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])){1,}"
            + "(?: (?=[A-Za-z]*\\d)[A-Za-z0-9]{1,5}(?![\\w-]))?)";

    private record Rule(PhiType type, Pattern pattern, int minDigits, boolean needMixedOrLong, double confidence,
                        String[] triggers) {
    }

    private static final List<Rule> RULES = List.of(
            rule(PhiType.SSN, "ssn ss social", "ssn|ss\\s?#|social\\s+security" + NUM,
                    "(?<id>\\d{3}[- ]?\\d{2}[- ]?\\d{4}|[xX*]{3}[- ]?[xX*]{2}[- ]?\\d{4})(?![\\w-])", 4, false, 0.95),
            rule(PhiType.MRN, "mrn mr medical med chart patient hospital unit record emr medrec", "mrn|mr\\s?#|emr|medrec\\s?#?|medical\\s+record" + NUM + "|med(?:ical)?\\s+rec(?:ord)?\\.?" + NUM
                    + "|chart" + NUM + "|patient\\s+(?:id|identifier|number)|hospital\\s+(?:number|no\\.?|#)"
                    + "|unit\\s+(?:number|no\\.?)|record\\s+(?:number|no\\.?|#)", VALUE, 3, false, 0.9),
            rule(PhiType.ACCOUNT, "acct account billing encounter visit fin invoice claim bank", "acct\\.?|account" + NUM + "|billing" + NUM + "|encounter\\s+(?:number|no\\.?|#|id)"
                    + "|visit\\s+(?:number|no\\.?|#|id)|fin|invoice" + NUM + "|claim" + NUM + "|bank\\s+account",
                    VALUE, 4, false, 0.9),
            rule(PhiType.HEALTH_PLAN, "insurance member subscriber policy group medicare medicaid health beneficiary mbi "
                    + "hicn plan payer aetna cigna humana kaiser united unitedhealthcare bcbs blue tricare hmo ppo hbn",
                    "insurance" + NUM + "|insurance\\s+(?:card|plan|id)|plan\\s+is|hmo|ppo|hbn|member" + NUM + "|subscriber" + NUM
                    + "|policy" + NUM + "|group\\s+(?:number|no\\.?|#)|medicare" + NUM + "|medicaid" + NUM
                    + "|health\\s+plan" + NUM + "|beneficiary" + NUM + "|mbi|hicn|plan\\s+id|payer\\s+id"
                    + "|(?:aetna|cigna|humana|kaiser|united\\s*healthcare|bcbs|blue\\s+cross(?:\\s+blue\\s+shield)?|tricare)"
                    + NUM, VALUE, 3, false, 0.9),
            rule(PhiType.VEHICLE, "license licence plate tag vin vehicle", "(?:licen[cs]e\\s+)?plate" + NUM + "|tag\\s+(?:number|no\\.?|#)|vin"
                    + "|vehicle\\s+(?:id|identification\\s+number|number|no\\.?|#)", PLATE, 1, false, 0.9),
            rule(PhiType.LICENSE, "license licence lic dl driver drivers dea npi certificate cert registration permit state",
                    "licen[cs]e" + NUM + "|lic\\.?\\s*#|dl|driver'?s\\s+licen[cs]e" + NUM
                    + "|dea" + NUM + "|npi(?:-style)?" + NUM + "|certificate" + NUM + "|cert\\.?\\s*#"
                    + "|registration\\s+(?:number|no\\.?|#)|permit" + NUM + "|state\\s+licen[cs]e", VALUE, 4, false, 0.9),
            rule(PhiType.DEVICE, "serial s sn device udi model lot implant imei mac", "serial" + NUM + "|s/n|sn|device" + NUM + "|device\\s+serial|udi|model" + NUM
                    + "|lot" + NUM + "|implant" + NUM + "|imei|mac\\s+address", VALUE, 3, false, 0.85),
            rule(PhiType.DEVICE, "pacemaker defibrillator aicd pump stimulator hearing telemetry monitor box cpap bipap "
                    + "glucometer transmitter prosthesis implant", "pacemaker|defibrillator|aicd|pump|stimulator|hearing\\s+aid|telemetry(?:\\s+(?:box|unit|monitor|pack))?"
                    + "|monitor|box|cpap|bipap|glucometer|transmitter|prosthesis|implant", VALUE, 4, true, 0.75),
            rule(PhiType.BIOMETRIC, "fingerprint finger retina retinal iris voice voiceprint palm palmprint biometric "
                    + "face facial", "fingerprint" + NUM + "|fingerprint\\s+(?:template|record|scan)|finger\\s+print"
                    + "|retina(?:l)?\\s+scan" + NUM + "|iris\\s+(?:scan|template)" + NUM + "|voice\\s*print" + NUM
                    + "|palm\\s*print" + NUM + "|biometric" + NUM + "|biometric\\s+(?:identifier|template|record)"
                    + "|face\\s+(?:id|template)|facial\\s+(?:recognition|template)" + NUM, VALUE, 3, false, 0.85),
            rule(PhiType.PHOTO, "full photo photograph picture image headshot portrait", "(?:full[\\s-]face\\s+)?(?:photo(?:graph)?|picture|image|headshot|portrait)" + NUM,
                    "(?<id>[\\w-]+\\.(?:jpe?g|png|gif|heic|tiff?|bmp|dcm)\\b|(?=[A-Za-z0-9./-]*\\d)[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])){2,})",
                    3, false, 0.8),
            rule(PhiType.OTHER_ID, "case reference ref confirmation tracking accession specimen requisition employee "
                    + "badge student passport identification identifier id ticket", "case" + NUM + "|reference" + NUM + "|ref\\s*#|(?:ref\\.?|reference)\\s+code|confirmation" + NUM + "|tracking" + NUM
                    + "|accession" + NUM + "|specimen\\s+(?:id|number|no\\.?|#)|requisition" + NUM
                    + "|employee" + NUM + "|badge" + NUM + "|student" + NUM + "|passport" + NUM
                    + "|identification\\s+(?:number|no\\.?|#)|identifier|id\\s*#|id|ticket" + NUM, VALUE, 4, false, 0.75));

    private static final Pattern UNIT_AFTER = Pattern.compile("(?i)\\s*" + Patterns.alternation(
            "mg|mcg|g|kg|lb|lbs|ml|l|units?|iu|%|cm|mm|in|hours?|hrs?|days?|weeks?|months?|years?|min|minutes|"
            + "times|x|mmhg|bpm|/min|tabs?|tablets?|puffs?|meq|mmol", true) + "\\b");

    private static final Pattern SSN_BARE = Pattern.compile(
            "(?<![\\w-])(?!000|666|9\\d\\d)(\\d{3})([- ])(?!00)\\d{2}\\2(?!0000)\\d{4}(?![\\w-])");
    private static final Pattern PREFIXED = Pattern.compile(
            "(?i)\\b(?:(?<mrn>mrn)|(?<acct>acct|acc)|(?<mem>mbr|mem|hmo|ppo))[-#:]?\\d{4,}\\b");
    private static final Pattern VIN = Pattern.compile("\\b[A-HJ-NPR-Z0-9]{17}\\b");
    private static final Pattern DEA = Pattern.compile("\\b[ABCDEFGHJKLMPRSTUX][A-Z9]\\d{7}\\b");

    /** The {@link CueWords} bits of this recognizer: one per rule, and the prefixed forms. */
    private static final long ID_BITS = CueWords.ID_PREFIX | ((1L << RULES.size()) - 1) * CueWords.ID_RULE;
    private static final long PHOTO_BIT = photoBit();

    private static long photoBit() {
        for (int r = 0; r < RULES.size(); r++) {
            if (RULES.get(r).type() == PhiType.PHOTO) {
                return CueWords.ID_RULE << r;
            }
        }
        throw new IllegalStateException("no photo rule");
    }

    /**
     * Cue words that count only as the first word of a longer keyword ("patient" in "patient ID", "health" in
     * "health plan"), with the words that may follow them. Checked before any pattern runs.
     */
    private static final Map<String, List<String>> SECOND_WORDS = Map.ofEntries(
            Map.entry("patient", List.of("id", "identifier", "number")),
            Map.entry("hospital", List.of("number", "no", "#")),
            Map.entry("unit", List.of("number", "no")),
            Map.entry("record", List.of("number", "no", "#")),
            Map.entry("medical", List.of("record", "rec")),
            Map.entry("med", List.of("rec", "record")),
            Map.entry("encounter", List.of("number", "no", "#", "id")),
            Map.entry("visit", List.of("number", "no", "#", "id")),
            Map.entry("bank", List.of("account")),
            Map.entry("group", List.of("number", "no", "#")),
            Map.entry("health", List.of("plan")),
            Map.entry("plan", List.of("id", "is")),
            Map.entry("payer", List.of("id")),
            Map.entry("blue", List.of("cross")),
            Map.entry("united", List.of("healthcare", "health")),
            Map.entry("tag", List.of("number", "no", "#")),
            Map.entry("vehicle", List.of("id", "identification", "number", "no", "#")),
            Map.entry("state", List.of("license", "licence")),
            Map.entry("social", List.of("security")),
            Map.entry("specimen", List.of("id", "number", "no", "#")),
            Map.entry("identification", List.of("number", "no", "#")),
            Map.entry("registration", List.of("number", "no", "#")),
            Map.entry("finger", List.of("print")),
            Map.entry("retina", List.of("scan")),
            Map.entry("retinal", List.of("scan")),
            Map.entry("iris", List.of("scan", "template")),
            Map.entry("voice", List.of("print")),
            Map.entry("palm", List.of("print")),
            Map.entry("face", List.of("id", "template")),
            Map.entry("facial", List.of("recognition", "template")),
            Map.entry("full", List.of("face")),
            Map.entry("hearing", List.of("aid")),
            Map.entry("mac", List.of("address")));
    /** The next-word lists of {@link #SECOND_WORDS}; {@link #FIRST_WORDS} maps each key to its index + 1. */
    private static final List<List<String>> SECOND_WORD_LISTS = new ArrayList<>();
    /** The keys of {@link #SECOND_WORDS}, looked up on the text without copying it. */
    private static final WordTable FIRST_WORDS = firstWords();

    private static WordTable firstWords() {
        Map<String, Integer> index = new HashMap<>();
        SECOND_WORDS.forEach((first, next) -> {
            SECOND_WORD_LISTS.add(next);
            index.put(first, SECOND_WORD_LISTS.size());
        });
        return new WordTable(index);
    }

    /** False when the cue word at [s, e) needs a particular next word and that word is not there. */
    private static boolean secondWordFits(String text, int s, int e) {
        if (e - s > 14) {
            return true;
        }
        if (e - s == 1) {
            return e < text.length() && text.charAt(e) == '/'; // "s/n"
        }
        int entry = FIRST_WORDS.get(text, s, e);
        if (entry == 0) {
            return true;
        }
        List<String> next = SECOND_WORD_LISTS.get(entry - 1);
        int p = e;
        while (p < text.length() && (Character.isWhitespace(text.charAt(p)) || text.charAt(p) == '-')) {
            p++;
        }
        // "voiceprint", "palmprint": the second word may be glued on, which makes a different cue word
        for (String w : next) {
            if (text.regionMatches(true, p, w, 0, w.length())) {
                return true;
            }
        }
        return false;
    }

    /** The cue words of each rule, in rule order, for {@link CueWords}. */
    static List<String[]> ruleTriggers() {
        return RULES.stream().map(Rule::triggers).toList();
    }

    private IdentifierRecognizer() {
    }

    /** {@code triggers}: every word a keyword of the rule can start with (its cue words, case-insensitive). */
    private static Rule rule(PhiType type, String triggers, String keywords, String value, int minDigits,
                             boolean mixedOrLong, double confidence) {
        Pattern p = Pattern.compile("(?i)(?<![\\w/])(?<kw>" + keywords + ")(?![\\w/])" + FILL + value);
        return new Rule(type, p, minDigits, mixedOrLong, confidence, triggers.split(" "));
    }

    @Override
    public String name() {
        return "identifier";
    }

    @Override
    public void detect(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        int n = scan.length;
        Matcher[] matchers = new Matcher[RULES.size()];
        int[] lastEnd = new int[RULES.size()];
        Matcher unit = null;
        Matcher prefixed = null;
        int prefixedEnd = 0;
        for (int c = 0; c < scan.cues; c++) {
            int k = scan.cueWord[c];
            int ws = scan.wordStart[k];
            long bits = scan.wordBits[k] & ID_BITS;
            // every rule but PHOTO's needs a digit soon after its cue word
            if (bits == 0 || bits != PHOTO_BIT && !scan.digitAfterWord(k, 64)
                    || !secondWordFits(text, ws, scan.wordEnd[k])) {
                continue;
            }
            if ((bits & CueWords.ID_PREFIX) != 0 && ws >= prefixedEnd) {
                prefixed = prefixed == null ? Patterns.matcher(PREFIXED, text) : prefixed;
                if (prefixed.region(ws, n).lookingAt()) {
                    prefixedEnd = prefixed.end();
                    PhiType t = prefixed.group("mrn") != null ? PhiType.MRN
                            : prefixed.group("acct") != null ? PhiType.ACCOUNT : PhiType.HEALTH_PLAN;
                    out.add(new PhiSpan(t, prefixed.start(), prefixed.end(), name(), 0.85));
                }
            }
            for (int r = 0; r < RULES.size(); r++) {
                if ((bits & (CueWords.ID_RULE << r)) == 0 || ws < lastEnd[r]) {
                    continue;
                }
                Rule rule = RULES.get(r);
                Matcher m = matchers[r] == null ? matchers[r] = Patterns.matcher(rule.pattern(), text) : matchers[r];
                if (!m.region(ws, n).lookingAt()) {
                    continue;
                }
                lastEnd[r] = m.end();
                int s = m.start("id");
                int e = m.end("id");
                String id = m.group("id");
                if (digits(id) < rule.minDigits()) {
                    continue;
                }
                int unitEnd = Math.min(e + 12, n);
                if (unitMayFollow(text, e, unitEnd)) {
                    unit = unit == null ? Patterns.matcher(UNIT_AFTER, text) : unit;
                    if (unit.region(e, unitEnd).lookingAt()) {
                        continue;
                    }
                }
                if (rule.needMixedOrLong() && !(hasLetter(id) && id.length() >= 6) && digits(id) < 7) {
                    continue;
                }
                if (rule.type() == PhiType.OTHER_ID && id.length() < 5) {
                    continue;
                }
                // prefixes like "SN 1234-5678" and "DEA AB1234567" are part of how the identifier is written
                String kw = m.group("kw").toLowerCase(Locale.ROOT);
                if ((kw.equals("sn") || kw.equals("s/n") || kw.equals("dea") || kw.equals("npi"))
                        && text.substring(m.end("kw"), s).isBlank()) {
                    s = m.start("kw");
                }
                out.add(new PhiSpan(rule.type(), s, e, name(), rule.confidence()));
            }
        }
        Matcher ssn = null;
        for (int k = 0; k < scan.nums; k++) {
            int s = scan.numStart[k];
            int e = scan.numEnd[k];
            char sep = scan.at(e);
            // ddd-dd-dddd: three runs of 3, 2 and 4 digits joined by the same single "-" or " "
            if (e - s == 3 && (sep == '-' || sep == ' ') && scan.numAfterSeparator(k + 1, e, 2)
                    && scan.at(scan.numEnd[k + 1]) == sep && scan.numAfterSeparator(k + 2, scan.numEnd[k + 1], 4)) {
                ssn = ssn == null ? Patterns.matcher(SSN_BARE, text) : ssn;
                if (ssn.region(s, n).lookingAt()) {
                    out.add(new PhiSpan(PhiType.SSN, ssn.start(), ssn.end(), name(), ssn.group(2).equals("-") ? 0.8 : 0.6));
                }
            }
        }
        selfDescribing(scan, out);
    }

    /** Whether UNIT_AFTER can match in [e, end): every unit starts with a letter, "%" or "/" after the spaces. */
    private static boolean unitMayFollow(String text, int e, int end) {
        int p = e;
        while (p < end && TextScan.isRegexSpace(text.charAt(p))) {
            p++;
        }
        if (p == end) {
            return false;
        }
        char c = text.charAt(p);
        return TextScan.isLetter(c) || c == '%' || c == '/';
    }

    /** VINs (17 chars) and DEA numbers (9 chars) are whole words with a check digit. */
    private void selfDescribing(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher vin = null;
        Matcher dea = null;
        for (int k = 0; k < scan.codes; k++) {
            int s = scan.codeStart[k];
            if (scan.at(s + 9) == '_' || TextScan.isLetter(scan.at(s + 9)) || TextScan.isDigit(scan.at(s + 9))) {
                vin = vin == null ? Patterns.matcher(VIN, text) : vin;
                if (vin.region(s, scan.length).lookingAt() && hasLetter(vin.group()) && validVin(vin.group())) {
                    out.add(new PhiSpan(PhiType.VEHICLE, s, vin.end(), name(), 0.85));
                }
            } else if (TextScan.isUpper(text.charAt(s))) {
                dea = dea == null ? Patterns.matcher(DEA, text) : dea;
                if (dea.region(s, scan.length).lookingAt() && validDea(dea.group())) {
                    out.add(new PhiSpan(PhiType.LICENSE, s, dea.end(), name(), 0.8));
                }
            }
        }
    }

    static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** ISO 3779 / 49 CFR 565 check digit in position 9. */
    static boolean validVin(String vin) {
        int[] values = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
        int[] weights = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = vin.charAt(i);
            int v;
            if (Character.isDigit(c)) {
                v = c - '0';
            } else {
                int idx = "ABCDEFGHJKLMNPRSTUVWXYZ".indexOf(c);
                if (idx < 0) {
                    return false;
                }
                v = values[idx];
            }
            sum += v * weights[i];
        }
        int check = sum % 11;
        char expected = check == 10 ? 'X' : (char) ('0' + check);
        return vin.charAt(8) == expected;
    }

    /** DEA registration number checksum: (d1+d3+d5) + 2*(d2+d4+d6), last digit equals d7. */
    static boolean validDea(String dea) {
        int[] d = new int[7];
        for (int i = 0; i < 7; i++) {
            d[i] = dea.charAt(2 + i) - '0';
        }
        int sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
        return sum % 10 == d[6];
    }
}
