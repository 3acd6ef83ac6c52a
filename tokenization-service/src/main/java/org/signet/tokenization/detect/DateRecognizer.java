package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates in every common written form: numeric (3/7/84, 03-07-1984, 3/7), ISO (1984-03-07), written
 * (March 7, 1984; 7 Mar 1984; Mar. 7th; 4th of March; Feb 2014; 07-Mar-1984). Never bare years, times,
 * scores such as "pain 4/10", vitals such as "126/80", or relative durations.
 */
public final class DateRecognizer implements ScanRecognizer {

    public static final DateRecognizer INSTANCE = new DateRecognizer();

    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};
    static final String MONTH;

    static {
        List<String> forms = new ArrayList<>();
        for (String m : MONTHS) {
            String abbr = m.substring(0, 3);
            String tail = m.substring(3);
            forms.add(abbr + "(?:" + (tail.isEmpty() ? "" : tail + "|") + (m.equals("September") ? "t|" : "") + ")");
            forms.add(m.toUpperCase());
            forms.add(abbr.toUpperCase());
        }
        MONTH = Patterns.alternation(forms, false) + "\\.?";
    }

    private static final String DAY = "(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th|ST|ND|RD|TH)?";
    private static final String YEAR4 = "(?:1[89]\\d\\d|20\\d\\d)";
    private static final String YEAR = "(?:" + YEAR4 + "|'\\d\\d)";

    /*
     * Written dates, tried at a month word or a day number: a date that starts with the month cannot start with the
     * day, so each start only tries the forms that can begin there.
     */
    private static final Pattern WRITTEN_MONTH_FIRST = Pattern.compile(
            // March 7, 1984 | Mar. 7th | March 7 '84
            "\\b" + MONTH + "\\s+" + DAY + "\\b(?:,?\\s+" + YEAR + "\\b)?"
            // Feb 2014 | March of 2014 | March, 2014
            + "|\\b" + MONTH + "(?:,|\\s+(?:of|OF))?\\s+" + YEAR4 + "\\b");
    private static final Pattern WRITTEN_DAY_FIRST = Pattern.compile(
            // 7 March 1984 | 4th of March | 7-Mar-1984 | 14 Nov, 91
            "\\b" + DAY + "(?:\\s+of)?[\\s\\-/]" + MONTH + "(?:\\b|(?<=\\.))(?:,?[\\s\\-/]" + YEAR + "\\b|[\\-/]\\d\\d\\b"
            + "|,\\s?\\d\\d\\b(?![:.]\\d))?");

    /** A month written in lower case, with its year: "may 16, 2015", "march of 2022", "nov 2, 96". */
    private static final Pattern LOWER_MONTH_WITH_YEAR;
    /**
     * A month written in lower case with only its day ("seen on nov 3"), not followed by a unit or another figure
     * ("dec 30cc/hr", "may 2 more doses" stay words and doses).
     */
    private static final Pattern LOWER_MONTH_DAY;
    /**
     * A day before a month in lower case ("2 nov, 96", "14 november 2003", "1->2 nov"), not followed by another
     * figure; the months that are words too ({@link #monthIsAWordToo}, and "aug") only with their year.
     */
    private static final Pattern LOWER_DAY_FIRST;
    /** A day and a range mark just before a day-first date: the "1->" of "1->2 nov", the "30-" of "30-31 dec". */
    private static final Pattern DAY_RANGE_BEFORE = Pattern.compile("(?<![\\w/.])(?:[12]\\d|3[01]|0?[1-9])\\s*(?:->|-|to)\\s*$");

    static {
        List<String> lower = new ArrayList<>();
        for (String m : MONTHS) {
            String abbr = m.substring(0, 3).toLowerCase();
            String tail = m.substring(3);
            lower.add(abbr + "(?:" + (tail.isEmpty() ? "" : tail + "|") + (m.equals("September") ? "t|" : "") + ")");
        }
        String month = Patterns.alternation(lower, false) + "\\.?";
        LOWER_MONTH_WITH_YEAR = Pattern.compile("\\b" + month + "\\s+" + DAY + ",?\\s+(?:" + YEAR + "|\\d\\d)\\b"
                + "|\\b" + month + "(?:,|\\s+of)?\\s+" + YEAR4 + "\\b");
        LOWER_DAY_FIRST = Pattern.compile("\\b" + DAY + "(?:\\s+of)?[\\s-](" + month + ")(?![a-z])"
                + "(,?\\s+(?:" + YEAR + "|\\d\\d)\\b(?![:.]\\d))?(?![ \\t]*\\d)");
        LOWER_MONTH_DAY = Pattern.compile("\\b" + month + "\\s+" + DAY + "\\b(?![.:/,-]?\\d|\\s*%)"
                + "(?!\\s*(?:mg|mcg|ml|cc|l|hrs?|h|min|mins|x|units?|u|mm|cm|kg|lbs?|g|meq|mmol|more|doses?|times|"
                + "days?|weeks?|hours?|of|or|to|and|-)\\b)");
    }

    private static final Pattern ISO = Pattern.compile("(?<![\\d./-])(" + YEAR4 + ")[-/.](\\d\\d?)[-/.](\\d\\d?)(?![\\d/-])");

    /** m/d[/y], not inside a range or a longer figure ("5-10/3"), but after a word's hyphen ("TOXICITY-9/2/92"). */
    private static final Pattern NUMERIC = Pattern.compile(
            "(?<![\\d./:])(?<!\\d-)(\\d{1,2})([/.-])(\\d{1,2})(?:\\2(\\d{4}|\\d{2}))?(?![\\d/]|\\.\\d|-\\d|:\\d)");

    private static final Pattern MONTH_YEAR = Pattern.compile("(?<![\\d./-])(\\d{1,2})/(" + YEAR4 + ")(?![\\d/])");

    /** Words just before a bare m/d that make it a score, ratio, vital or dose rather than a date. */
    private static final Pattern NOT_DATE_BEFORE = Pattern.compile("(?i)" + Patterns.alternation(
            "pain|bp|b/p|pressure|score|scale|strength|rated|rate|grade|graded|murmur|motor|power|gcs|apgar|"
            + "ratio|take|takes|took|taking|dose|sat|sats|spo2|reflexes|dtr|dtrs|pupils|vision|acuity|nyha|class|"
            + "gravida|g\\d?p|para|out of|rr|hr|#|no\\.|"
            // ventilator settings: "PSV 12/5", "CPAP 20/10", "AC 600x16/5/40%"
            + "ps|psv|cpap|bipap|peep|a(?<!\\b[rl]\\sa)(?<!\\b[rl]t\\sa)c|a/c|imv|simv|ips|vent|settings|flowby|wean|weaned", true)
            + "\\W{0,3}$|\\dx$"
            // "CPAP .4%, 5/10", "mask ventilation 10/5 40%": settings after the mode and its other figures
            + "|(?i)\\b(?:cpap|c pap|bipap|peep|psv|ps|ventilation|vent|mask|imv|simv)\\b[\\s\\d.%,x/-]{1,12}$");
    /** "cp to 3/10", "pain now 5/10": a score out of ten a few words after what it scores (not "pain since 3/12"). */
    private static final Pattern PAIN_BEFORE =
            Pattern.compile("(?i)\\b(?:pain|cp|discomfort|ha|headache)\\b[^.\\n\\d]{0,16}$");
    private static final Pattern NOT_DATE_AFTER = Pattern.compile(
            "(?i)^\\s*(?:tabs?\\b|tablets?|pills?|strength|pain|power|scale|score|murmur|mmhg|mm\\b|cups?\\b|inch|"
            + "in\\b(?!\\s*(?:am|pm|the)\\b)|ns\\b|normal saline|bilat|bilaterally|b/l|throughout|dtr|reflexes|x\\b|times|units|mg|ml|"
            + "hours|hrs|days|weeks|of\\b|\\+|%|str\\b|st\\b|dose|hour\\b|hr\\b|peep)");
    /** A pain score out of ten: "3/10 l back pain", "8/10 CP". */
    private static final Pattern PAIN_AFTER = Pattern.compile("(?i)^\\s*(?:[a-z]+\\s+){0,2}(?:pain|cp)\\b");

    private DateRecognizer() {
    }

    @Override
    public String name() {
        return "date";
    }

    @Override
    public void detect(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        int n = scan.length;
        Matcher monthFirst = Patterns.matcher(WRITTEN_MONTH_FIRST, text);
        Matcher dayFirst = null;
        Matcher iso = null;
        Matcher numeric = null;
        Matcher monthYear = null;
        Matcher lowerMonth = null;
        Matcher lowerMonthDay = null;
        Matcher lowerDayFirst = null;
        int writtenEnd = 0;
        // each pattern is tried only where it can start, in text order, as find() would: digit runs and month words
        int cue = 0;
        for (int k = 0; k <= scan.nums; k++) {
            int numPos = k < scan.nums ? scan.numStart[k] : Integer.MAX_VALUE;
            for (; cue < scan.cues && scan.wordStart[scan.cueWord[cue]] < numPos; cue++) {
                int w = scan.cueWord[cue];
                int ws = scan.wordStart[w];
                if (ws >= writtenEnd && (scan.wordBits[w] & CueWords.MONTH) != 0) {
                    if (TextScan.isUpper(text.charAt(ws)) && monthFirst.region(ws, n).lookingAt()) {
                        writtenEnd = monthFirst.end();
                        out.add(new PhiSpan(PhiType.DATE, monthFirst.start(), monthFirst.end(), name(), 0.9));
                    } else if (TextScan.isUpper(text.charAt(ws)) && monthAlone(text, ws)) {
                        out.add(new PhiSpan(PhiType.DATE, ws, scan.wordEnd[w], name(), 0.7));
                    } else if (!TextScan.isUpper(text.charAt(ws))) {
                        // "may 16, 2015", "in march of 2022": a month in lower case only with its year, as "may"
                        // and "march" are words too
                        lowerMonth = lowerMonth == null ? Patterns.matcher(LOWER_MONTH_WITH_YEAR, text) : lowerMonth;
                        if (lowerMonth.region(ws, n).lookingAt()) {
                            writtenEnd = lowerMonth.end();
                            out.add(new PhiSpan(PhiType.DATE, ws, lowerMonth.end(), name(), 0.85));
                        } else if (lowerMonthWithDay(text, ws, scan.wordEnd[w])) {
                            lowerMonthDay = lowerMonthDay == null ? Patterns.matcher(LOWER_MONTH_DAY, text) : lowerMonthDay;
                            if (lowerMonthDay.region(ws, n).lookingAt()) {
                                writtenEnd = lowerMonthDay.end();
                                out.add(new PhiSpan(PhiType.DATE, ws, lowerMonthDay.end(), name(), 0.75));
                            }
                        }
                    }
                }
            }
            if (k == scan.nums) {
                break;
            }
            int s = numPos;
            int len = scan.numEnd[k] - s;
            char next = scan.at(s + len);
            boolean sepNext = (next == '/' || next == '-' || next == '.') && TextScan.isDigit(scan.at(s + len + 1));
            if (len <= 2 && s >= writtenEnd && dayBeforeMonth(scan, s + len) && !TextScan.isWordChar(scan.at(s - 1))) {
                dayFirst = dayFirst == null ? Patterns.matcher(WRITTEN_DAY_FIRST, text) : dayFirst;
                if (dayFirst.region(s, n).lookingAt()) {
                    writtenEnd = dayFirst.end();
                    out.add(new PhiSpan(PhiType.DATE, dayFirst.start(), dayFirst.end(), name(), 0.9));
                }
            }
            if (len <= 2 && s >= writtenEnd && lowerMonthAfterDay(scan, s + len) && !TextScan.isWordChar(scan.at(s - 1))) {
                lowerDayFirst = lowerDayFirst == null ? Patterns.matcher(LOWER_DAY_FIRST, text) : lowerDayFirst;
                int ms = lowerDayFirst.region(s, n).lookingAt() ? lowerDayFirst.start(1) : -1;
                int me = ms < 0 ? -1 : monthWordEnd(text, lowerDayFirst.end(1));
                // "aug" is Augmentin on the ward as well
                if (ms >= 0 && (lowerDayFirst.group(2) != null
                        || !monthIsAWordToo(text, ms, me) && !(me - ms == 3 && text.startsWith("aug", ms)))) {
                    writtenEnd = lowerDayFirst.end();
                    Matcher range = DAY_RANGE_BEFORE.matcher(text.substring(Math.max(0, s - 8), s));
                    int start = range.find() ? Math.max(0, s - 8) + range.start() : s;
                    out.add(new PhiSpan(PhiType.DATE, start, lowerDayFirst.end(), name(), 0.8));
                }
            }
            if (len <= 2 && s >= writtenEnd && ordinalDayAfterThe(text, s, len)) {
                out.add(new PhiSpan(PhiType.DATE, s, s + len + 2, name(), 0.75));
            }
            if (!sepNext) {
                continue;
            }
            if (len == 4) {
                iso = iso == null ? Patterns.matcher(ISO, text) : iso;
                if (iso.region(s, n).lookingAt() && valid(Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)))) {
                    out.add(new PhiSpan(PhiType.DATE, iso.start(), iso.end(), name(), 0.95));
                }
            } else if (len <= 2) {
                if (next == '/') {
                    monthYear = monthYear == null ? Patterns.matcher(MONTH_YEAR, text) : monthYear;
                    if (monthYear.region(s, n).lookingAt()) {
                        int mo = Integer.parseInt(monthYear.group(1));
                        if (mo >= 1 && mo <= 12 && !scoreContext(text, monthYear.start(), monthYear.end())) {
                            out.add(new PhiSpan(PhiType.DATE, monthYear.start(), monthYear.end(), name(), 0.75));
                        }
                    }
                }
                numeric = numeric == null ? Patterns.matcher(NUMERIC, text) : numeric;
                if (numeric.region(s, n).lookingAt()) {
                    addNumeric(numeric, text, out);
                }
            }
        }
    }

    /** Whether a month may follow a day number ending at {@code p}: "7 Mar", "4th of March", "07-Mar". */
    private static boolean dayBeforeMonth(TextScan scan, int p) {
        p = pastOrdinal(scan, p);
        char sep = scan.at(p);
        if (sep != '-' && sep != '/' && !Character.isWhitespace(sep)) {
            return false;
        }
        char c = scan.at(p + 1);
        return TextScan.isUpper(c) || c == 'o' || Character.isWhitespace(c);
    }

    /** Whether a lower-case letter follows a day number ending at {@code p}, past its ordinal suffix and one space. */
    private static boolean lowerMonthAfterDay(TextScan scan, int p) {
        p = pastOrdinal(scan, p);
        char sep = scan.at(p);
        return (sep == ' ' || sep == '-') && Character.isLowerCase(scan.at(p + 1));
    }

    /** {@code p}, or past the ordinal suffix ("st", "nd", "rd", "th") that starts there. */
    private static int pastOrdinal(TextScan scan, int p) {
        return TextScan.isLetter(scan.at(p)) ? p + 2 : p;
    }

    /** The end of a month word matched up to {@code end}, its abbreviation's full stop left out. */
    private static int monthWordEnd(String text, int end) {
        return text.charAt(end - 1) == '.' ? end - 1 : end;
    }

    private void addNumeric(Matcher m, String text, List<PhiSpan> out) {
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(3));
        String sep = m.group(2);
        boolean hasYear = m.group(4) != null;
        if (!(valid(a, b) || valid(b, a))) {
            // "s/p mastectomy 11/92": a month and a two-digit year that no day can be
            if (sep.equals("/") && !hasYear && a >= 1 && a <= 12 && b > 31 && m.group(3).length() == 2
                    && !scoreContext(text, m.start(), m.end())) {
                out.add(new PhiSpan(PhiType.DATE, m.start(), m.end(), name(), 0.7));
            }
            return;
        }
        if (text.startsWith("%", m.end())) {
            return; // "12/10/40%": ventilator settings
        }
        if (hasYear) {
            // "1.5.10" style with dots and 2-digit years is usually a version or a dose list
            if (sep.equals(".") && m.group(4).length() == 2) {
                return;
            }
            out.add(new PhiSpan(PhiType.DATE, m.start(), m.end(), name(), 0.9));
        } else if (sep.equals("/") && !fraction(text, m.start(), a, b) && !ventilatorPair(text, m.start(), a, b)
                && !scoreContext(text, m.start(), m.end())
                && !(b == 10 && (PAIN_AFTER.matcher(text.substring(m.end(), Math.min(text.length(), m.end() + 24))).find()
                || PAIN_BEFORE.matcher(text.substring(Math.max(0, m.start() - 24), m.start())).find()))) {
            out.add(new PhiSpan(PhiType.DATE, m.start(), m.end(), name(), 0.7));
        }
    }

    /**
     * "crackles 1/2 up", "2/4 bl cx", "1 1/2 amps": a proper fraction of halves, thirds or quarters is an amount,
     * unless a date's preposition leads it ("on 1/3", "since 2/4").
     */
    private static boolean fraction(String text, int start, int numerator, int denominator) {
        if (numerator >= denominator || denominator > 4) {
            return false;
        }
        return !DATE_LEAD.matcher(text.substring(Math.max(0, start - 8), start)).find();
    }

    /**
     * "SIMV/PS 600 X 14 50% 5/5", "weaning on 10/5", "EXTUBATED FROM 5/5 IPS": pressure support over PEEP, the first
     * not below the second and the second at most 10, in the same clause as a word of the ventilator.
     */
    private static boolean ventilatorPair(String text, int start, int first, int second) {
        return first >= second && second <= 10
                && VENTILATOR_NEAR.matcher(text.substring(Math.max(0, start - 28), start)).find();
    }

    private static final Pattern VENTILATOR_NEAR = Pattern.compile("(?i)\\b(?:cpap|c pap|bipap|peep|psv|ps|ips|imv|simv"
            + "|vent|ventilation|ventilator|mask|wean|weaning|weaned|extubated|trach collar)\\b[^.;\\n]{0,24}$");

    /**
     * Whether the lower-case month word at [ws, we) may be read with a bare day after it: the words that are also
     * verbs or abbreviations ("may", "march", "mar", "dec" as decreased) only after a word that places a date.
     */
    private static boolean lowerMonthWithDay(String text, int ws, int we) {
        return !monthIsAWordToo(text, ws, we) || MONTH_DAY_LEAD.matcher(text.substring(Math.max(0, ws - 8), ws)).find();
    }

    /** Whether the month word at [ws, we) is a word of English or of the ward too: "may", "march", "mar", "dec". */
    private static boolean monthIsAWordToo(String text, int ws, int we) {
        return we - ws == 3 && (text.regionMatches(true, ws, "may", 0, 3)
                || text.regionMatches(true, ws, "mar", 0, 3) || text.regionMatches(true, ws, "dec", 0, 3))
                || we - ws == 5 && text.regionMatches(true, ws, "march", 0, 5);
    }

    /** "last December", "since March": a month named alone, after a word that places it in time. */
    private static boolean monthAlone(String text, int ws) {
        if (text.regionMatches(true, ws, "may", 0, 3) && (ws + 3 == text.length()
                || !Character.isLetter(text.charAt(ws + 3))) || text.regionMatches(true, ws, "march", 0, 5)) {
            return false; // "THINKS THIS MAY BE": the verbs among the months need their day or year
        }
        return MONTH_LEAD.matcher(text.substring(Math.max(0, ws - 10), ws)).find();
    }

    private static final Pattern MONTH_LEAD =
            Pattern.compile("(?i)\\b(?:last|next|this|early|late|mid|since|until|till|during|through)[\\s-]+$");

    /** "drawn on the 11th", "since the 3rd": a day of the month written alone. */
    private static boolean ordinalDayAfterThe(String text, int s, int len) {
        int e = s + len;
        if (e + 2 > text.length() || e + 2 < text.length() && Character.isLetterOrDigit(text.charAt(e + 2))) {
            return false;
        }
        char a = (char) (text.charAt(e) | 0x20);
        char b = (char) (text.charAt(e + 1) | 0x20);
        boolean ordinal = a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h';
        if (!ordinal || s < 5) {
            return false;
        }
        int day = Integer.parseInt(text, s, e, 10);
        return day >= 1 && day <= 31 && ORDINAL_LEAD.matcher(text.substring(Math.max(0, s - 16), s)).find();
    }

    private static final Pattern ORDINAL_LEAD =
            Pattern.compile("(?i)\\b(?:on|since|by|until|till|from|before|after)\\s+the\\s+$");

    private static final Pattern DATE_LEAD = Pattern.compile("(?i)\\b(?:on|since|from|until|till|by|dated|of)\\s+$");
    /** Before a month word with its day, "in" places it too ("last used in may 15"); before "in 2/4" it does not. */
    private static final Pattern MONTH_DAY_LEAD =
            Pattern.compile("(?i)\\b(?:on|since|from|until|till|by|dated|of|in)\\s+$");

    private static boolean valid(int month, int day) {
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    private static boolean scoreContext(String text, int start, int end) {
        int from = Math.max(0, start - 16);
        if (NOT_DATE_BEFORE.matcher(text.substring(from, start)).find()) {
            return true;
        }
        return NOT_DATE_AFTER.matcher(text.substring(end, Math.min(text.length(), end + 20))).find();
    }
}
