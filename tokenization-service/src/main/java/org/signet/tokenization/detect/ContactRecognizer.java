package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Telephone and fax numbers (fax by a nearby "fax" word), email addresses, URLs, IPv4 and IPv6 addresses. */
public final class ContactRecognizer implements PhiRecognizer {

    public static final ContactRecognizer INSTANCE = new ContactRecognizer();

    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+/.-])(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4}"
            + "(?:\\s*(?:x|ext\\.?|extension)\\s*\\d{1,5})?(?![\\w/-]|\\.\\d)");
    /** Seven-digit local numbers and unpunctuated ten-digit numbers count only after a phone word. */
    private static final Pattern PHONE_CONTEXT = Pattern.compile(
            "(?i)\\b(?:phone|ph|tel|telephone|cell|mobile|pager|beeper|fax|call(?:ed)?(?:\\s+(?:at|on))?|"
            + "contact(?:\\s+(?:at|on|number))?|reach(?:ed)?\\s+at|number(?:\\s+is)?)\\s*[:#.]?\\s*"
            + "(\\+?1?\\d{10}(?!\\d)|\\d{3}[\\s.-]\\d{4}(?![\\w-]))");
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
    public List<PhiSpan> detect(String text) {
        List<PhiSpan> out = new ArrayList<>();
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            out.add(new PhiSpan(faxNear(text, m.start()) ? PhiType.FAX : PhiType.PHONE, m.start(), m.end(),
                    name(), 0.9));
        }
        m = PHONE_CONTEXT.matcher(text);
        while (m.find()) {
            out.add(new PhiSpan(faxNear(text, m.start(1)) ? PhiType.FAX : PhiType.PHONE, m.start(1), m.end(1),
                    name(), 0.8));
        }
        m = EMAIL.matcher(text);
        while (m.find()) {
            out.add(new PhiSpan(PhiType.EMAIL, m.start(), m.end(), name(), 0.99));
        }
        m = URL.matcher(text);
        while (m.find()) {
            int end = trimTrailing(text, m.start(), m.end());
            // a bare "word.com" inside an email is the email's domain, which the email span covers
            if (end > m.start() && !(m.start() > 0 && text.charAt(m.start() - 1) == '@')) {
                out.add(new PhiSpan(PhiType.URL, m.start(), end, name(), 0.9));
            }
        }
        m = IPV4.matcher(text);
        while (m.find()) {
            out.add(new PhiSpan(PhiType.IP, m.start(), m.end(), name(), 0.9));
        }
        m = IPV6.matcher(text);
        while (m.find()) {
            String s = m.group();
            long colons = s.chars().filter(c -> c == ':').count();
            boolean hexLetter = s.chars().anyMatch(c -> Character.isLetter(c));
            if (colons >= 3 && (hexLetter || s.contains("::"))) {
                out.add(new PhiSpan(PhiType.IP, m.start(), m.end(), name(), 0.85));
            }
        }
        return out;
    }

    private static boolean faxNear(String text, int start) {
        int from = start;
        // look back over at most 30 chars, stopping at an earlier number so "phone 1, fax 2" types each right
        while (from > 0 && start - from < 30 && !Character.isDigit(text.charAt(from - 1))) {
            from--;
        }
        return FAX_WORD.matcher(text.substring(from, start).toLowerCase(Locale.ROOT)).find();
    }

    private static int trimTrailing(String text, int start, int end) {
        while (end > start && ".,;:!?".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }
}
