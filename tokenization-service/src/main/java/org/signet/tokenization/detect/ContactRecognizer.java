package org.signet.tokenization.detect;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Telephone and fax numbers (fax by a nearby "fax" word), email addresses, URLs, IPv4 and IPv6 addresses. */
public final class ContactRecognizer implements ScanRecognizer {

    public static final ContactRecognizer INSTANCE = new ContactRecognizer();

    private static final Pattern PHONE = Pattern.compile(
            // not glued to a word, a number or a decimal, but "HOME-410 671-9309" (a label, a dash) is a phone
            "(?<![\\w+/.])(?<!(?<![A-Za-z])-)(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4}"
            + "(?:\\s*(?:x|ext\\.?|extension)\\s*\\d{1,5})?(?![\\w/-]|\\.\\d)");
    /** Seven-digit local numbers and unpunctuated ten-digit numbers count only after a phone word. */
    private static final Pattern PHONE_CONTEXT = Pattern.compile(
            "(?i)\\b(?:phone|ph|tel|telephone|cell|mobile|pager|beeper|fax|call(?:ed)?(?:\\s+(?:at|on))?|"
            + "contact(?:\\s+(?:at|on|number))?|reach(?:ed)?\\s+at|number(?:\\s+is)?)\\s*[:#.]?\\s*"
            + "(\\+?1?\\d{10}(?!\\d)|\\d{3}[\\s.-]\\d{4}(?![\\w-]))");
    /**
     * A pager, beeper or extension number: four to six digits right after the word ("Pager: #54321", "PG 33445",
     * "beeper number 55037", "ext. 4455"). Internal numbers, but they reach one person: Safe Harbor's phone numbers.
     */
    private static final Pattern SHORT_NUMBER = Pattern.compile(
            "(?i)(?:pager|beeper|pgr|pg|ext|extension)\\.?(?:\\s+(?:number|no\\.?|num))?\\s*+[:#]?\\s*+#?\\s*+"
            + "(\\d{4,6})(?![\\w/-]|[.,]\\d)");
    private static final Pattern FAX_WORD = Pattern.compile("(?i)\\bfax(?:ed)?\\b");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b");
    private static final Pattern URL = Pattern.compile(
            "(?i)\\b(?:(?:https?|ftp)://|www\\.)[^\\s<>\"'\\]\\[(){}|]+"
            + "|\\b[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\.(?:com|org|net|edu|gov|us|io|info|biz|health|care|mil)\\b"
            + "(?:/[^\\s<>\"'\\]\\[(){}|]*)?");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(?:/\\d{1,2})?(?!\\d|\\.\\d)");
    private static final String H = "[0-9A-Fa-f]{1,4}";
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])(?:(?:" + H + ":){7}" + H
            + "|(?:" + H + ":){1,6}(?::" + H + "){1,6}|(?:" + H + ":){1,7}:|::(?:" + H + ":){0,6}" + H + ")(?![\\w:])");

    private ContactRecognizer() {
    }

    @Override
    public String name() {
        return "contact";
    }

    @Override
    public void detect(TextScan scan, List<PhiSpan> out) {
        phones(scan, out);
        phonesAfterCue(scan, out);
        shortNumbersAfterCue(scan, out);
        emails(scan, out);
        urls(scan, out);
        ips(scan, out);
    }

    /** Punctuated numbers start at "+1", "1", "(" or a three-digit run. */
    private void phones(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher m = null;
        int lastEnd = 0;
        for (int k = 0; k < scan.nums; k++) {
            int s = scan.numStart[k];
            int len = scan.numEnd[k] - s;
            int start;
            if (len == 6 && runTogether(scan, s, scan.numEnd[k])) {
                // "(202)232-4455" with its brackets lost: area code and exchange run together, then the line
                out.add(new PhiSpan(PhiType.PHONE, s, scan.numEnd[k] + 5, name(), 0.75));
                lastEnd = scan.numEnd[k] + 5;
                continue;
            }
            if (len == 1 && text.charAt(s) == '1') {
                start = scan.at(s - 1) == '+' ? s - 1 : s;
            } else if (len == 3) {
                start = scan.at(s - 1) == '(' ? s - 1 : s;
            } else {
                continue;
            }
            if (start < lastEnd || !phoneMayContinue(scan, scan.numEnd[k], len == 3, start < s)) {
                continue;
            }
            m = m == null ? Patterns.matcher(PHONE, text) : m;
            if (m.region(start, scan.length).lookingAt() || start < s && m.region(s, scan.length).lookingAt()) {
                lastEnd = m.end();
                out.add(new PhiSpan(faxNear(text, m.start()) ? PhiType.FAX : PhiType.PHONE, m.start(), m.end(),
                        name(), 0.9));
            }
        }
    }

    /**
     * A six-digit run [s, e) then "-" and exactly four digits, glued to no word, figure or decimal on either side:
     * a ten-digit number written "202232-4455".
     */
    private static boolean runTogether(TextScan scan, int s, int e) {
        if (TextScan.isWordChar(scan.at(s - 1)) || scan.at(s - 1) == '.' || scan.at(s - 1) == '/'
                || scan.at(s - 1) == '-' || scan.at(e) != '-') {
            return false;
        }
        for (int i = e + 1; i <= e + 4; i++) {
            if (!TextScan.isDigit(scan.at(i))) {
                return false;
            }
        }
        char after = scan.at(e + 5);
        return !TextScan.isWordChar(after) && after != '-' && after != '/'
                && !(after == '.' && TextScan.isDigit(scan.at(e + 6)));
    }

    /**
     * Whether the chars after a leading "1" or a three-digit run ending at {@code e} can go on as PHONE requires:
     * a "1" by a separator or "(", an area code by ")" (when it opened with "(") or by a separator and a digit.
     */
    private static boolean phoneMayContinue(TextScan scan, int e, boolean areaCode, boolean inParens) {
        char c = scan.at(e);
        if (!areaCode) {
            return isPhoneSeparator(c) || c == '(';
        }
        return inParens && c == ')' || isPhoneSeparator(c) && TextScan.isDigit(scan.at(e + 1));
    }

    private static boolean isPhoneSeparator(char c) {
        return c == '.' || c == '-' || TextScan.isRegexSpace(c);
    }

    private void phonesAfterCue(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher m = null;
        int lastEnd = 0;
        for (int c = 0; c < scan.cues; c++) {
            int k = scan.cueWord[c];
            int s = scan.wordStart[k];
            if (s < lastEnd || (scan.wordBits[k] & CueWords.PHONE) == 0
                    || !scan.digitAfterWord(k, 24) || !numberAfterCue(scan, scan.numAfterWord(k))) {
                continue;
            }
            m = m == null ? Patterns.matcher(PHONE_CONTEXT, text) : m;
            if (m.region(s, scan.length).lookingAt()) {
                lastEnd = m.end();
                out.add(new PhiSpan(faxNear(text, m.start(1)) ? PhiType.FAX : PhiType.PHONE, m.start(1), m.end(1),
                        name(), 0.8));
            }
        }
    }

    private void shortNumbersAfterCue(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher m = null;
        for (int c = 0; c < scan.cues; c++) {
            int k = scan.cueWord[c];
            if ((scan.wordBits[k] & CueWords.PHONE) == 0 || !scan.digitAfterWord(k, 20)
                    || !TextScan.isLetterBoundary(scan, k)) {
                continue;
            }
            m = m == null ? Patterns.matcher(SHORT_NUMBER, text) : m;
            if (m.region(scan.wordStart[k], scan.length).lookingAt()) {
                out.add(new PhiSpan(PhiType.PHONE, m.start(1), m.end(1), name(), 0.8));
            }
        }
    }

    /**
     * Whether digit run j can start PHONE_CONTEXT's number: ten or eleven digits ("+1" and ten) or an exchange of
     * three, right after the cue's separators (not after "(" or "-", which only PHONE reads).
     */
    private static boolean numberAfterCue(TextScan scan, int j) {
        int len = scan.numEnd[j] - scan.numStart[j];
        char before = scan.at(scan.numStart[j] - 1);
        if (!(TextScan.isRegexSpace(before) || TextScan.isLetter(before) || before == ':' || before == '#'
                || before == '.' || before == '+')) {
            return false;
        }
        int end = scan.numEnd[j];
        return len == 10 || len == 11
                || len == 3 && isPhoneSeparator(scan.at(end)) && scan.numAfterSeparator(j + 1, end, 4);
    }

    private void emails(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        int n = scan.length;
        Matcher m = null;
        int at = text.indexOf('@');
        while (at >= 0) {
            int r = at;
            while (r > 0 && emailChar(text.charAt(r - 1))) {
                r--;
            }
            int e = at + 1;
            while (e < n && (TextScan.isWordChar(text.charAt(e)) || text.charAt(e) == '.' || text.charAt(e) == '-')) {
                e++;
            }
            m = m == null ? Patterns.matcher(EMAIL, text) : m;
            int next = at + 1;
            if (r < at && m.region(r, e).find()) {
                out.add(new PhiSpan(PhiType.EMAIL, m.start(), m.end(), name(), 0.99));
                next = Math.max(next, m.end());
            }
            at = text.indexOf('@', next);
        }
    }

    private static boolean emailChar(char c) {
        return TextScan.isWordChar(c) || c == '.' || c == '%' || c == '+' || c == '-';
    }

    /** URLs start at a scheme, at "www." or at the host of a dotted name ending in a listed top-level domain. */
    private void urls(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        int[] starts = null;
        int count = 0;
        for (int c = 0; c < scan.cues; c++) {
            int k = scan.cueWord[c];
            int s = scan.wordStart[k];
            int e = scan.wordEnd[k];
            long bits = scan.wordBits[k];
            int start = -1;
            if ((bits & CueWords.URL_SCHEME) != 0 && text.startsWith("://", e)
                    || (bits & CueWords.URL_WWW) != 0 && scan.at(e) == '.') {
                start = s;
            } else if ((bits & CueWords.URL_TLD) != 0 && scan.at(s - 1) == '.' && !TextScan.isWordChar(scan.at(e))) {
                int r = s - 1;
                while (r > 0 && hostChar(text.charAt(r - 1))) {
                    r--;
                }
                while (r < s && !Character.isLetterOrDigit(text.charAt(r))) {
                    r++;
                }
                start = r < s - 1 ? r : -1;
            }
            if (start >= 0) {
                if (starts == null) {
                    starts = new int[8];
                } else if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = start;
            }
        }
        if (count == 0) {
            return;
        }
        java.util.Arrays.sort(starts, 0, count);
        Matcher m = Patterns.matcher(URL, text);
        int lastEnd = 0;
        for (int i = 0; i < count; i++) {
            int s = starts[i];
            if (s < lastEnd || !m.region(s, scan.length).lookingAt()) {
                continue;
            }
            lastEnd = m.end();
            int end = trimTrailing(text, m.start(), m.end());
            // a bare "word.com" inside an email is the email's domain, which the email span covers
            if (end > m.start() && !(m.start() > 0 && text.charAt(m.start() - 1) == '@')) {
                out.add(new PhiSpan(PhiType.URL, m.start(), end, name(), 0.9));
            }
        }
    }

    private static boolean hostChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }

    private void ips(TextScan scan, List<PhiSpan> out) {
        String text = scan.text;
        Matcher m = null;
        for (int k = 0; k < scan.nums; k++) {
            int s = scan.numStart[k];
            if (dottedQuad(scan, k)) {
                m = m == null ? Patterns.matcher(IPV4, text) : m;
                if (m.region(s, scan.length).lookingAt()) {
                    out.add(new PhiSpan(PhiType.IP, m.start(), m.end(), name(), 0.9));
                }
            }
        }
        int n = scan.length;
        Matcher v6 = null;
        int colon = text.indexOf(':');
        while (colon >= 0) {
            int r = colon;
            while (r > 0 && hexOrColon(text.charAt(r - 1))) {
                r--;
            }
            int e = colon;
            int colons = 0;
            while (e < n && hexOrColon(text.charAt(e))) {
                colons += text.charAt(e) == ':' ? 1 : 0;
                e++;
            }
            if (colons >= 3) {
                v6 = v6 == null ? Patterns.matcher(IPV6, text) : v6;
                if (v6.region(r, n).lookingAt()) {
                    String ip = v6.group();
                    long matchColons = ip.chars().filter(c -> c == ':').count();
                    boolean hexLetter = ip.chars().anyMatch(Character::isLetter);
                    if (matchColons >= 3 && (hexLetter || ip.contains("::"))) {
                        out.add(new PhiSpan(PhiType.IP, v6.start(), v6.end(), name(), 0.85));
                    }
                }
            }
            colon = e < n ? text.indexOf(':', e) : -1;
        }
    }

    /** Whether digit runs k to k + 3 are each at most three digits long and joined by single dots. */
    private static boolean dottedQuad(TextScan scan, int k) {
        if (k + 3 >= scan.nums) {
            return false;
        }
        for (int i = k; i < k + 3; i++) {
            if (scan.numEnd[i] - scan.numStart[i] > 3 || scan.at(scan.numEnd[i]) != '.'
                    || scan.numStart[i + 1] != scan.numEnd[i] + 1) {
                return false;
            }
        }
        return scan.numEnd[k + 3] - scan.numStart[k + 3] <= 3;
    }

    private static boolean hexOrColon(char c) {
        return c == ':' || c >= '0' && c <= '9' || (c | 0x20) >= 'a' && (c | 0x20) <= 'f';
    }

    private static boolean faxNear(String text, int start) {
        int from = start;
        // look back over at most 30 chars, stopping at an earlier number so "phone 1, fax 2" types each right
        while (from > 0 && start - from < 30 && !Character.isDigit(text.charAt(from - 1))) {
            from--;
        }
        // FAX_WORD needs "fax" in the lower-cased window, and only f/F, a/A and x/X lower-case to those letters
        if (!containsFax(text, from, start)) {
            return false;
        }
        return FAX_WORD.matcher(text.substring(from, start).toLowerCase(Locale.ROOT)).find();
    }

    private static boolean containsFax(String text, int from, int to) {
        for (int i = from; i + 3 <= to; i++) {
            if (text.regionMatches(true, i, "fax", 0, 3)) {
                return true;
            }
        }
        return false;
    }

    private static int trimTrailing(String text, int start, int end) {
        while (end > start && ".,;:!?".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }
}
