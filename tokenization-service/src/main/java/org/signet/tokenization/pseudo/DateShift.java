package org.signet.tokenization.pseudo;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shifts dates by a vault's offset in days, keeping what the value said and how precisely it said it.
 *
 * <ul>
 *   <li>Year only ({@code 1960}): kept as is. Safe Harbor allows a year, and shifting a bare year by a few months'
 *       offset would either do nothing or invent a change of year the source never stated.</li>
 *   <li>Year-month ({@code 1960-03}): the 15th of that month is shifted and the result truncated to year-month —
 *       anchoring mid-month makes the expected error of the truncation smallest.</li>
 *   <li>Date, dateTime, instant: the calendar date is shifted; time of day, fractional seconds and zone offset are
 *       kept verbatim. Every date of a vault moves by the same number of days, so intervals are preserved exactly.</li>
 * </ul>
 */
public final class DateShift {

    private static final Pattern FHIR_DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(T.*)?)?)?");

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"};
    private static final Pattern US_NUMERIC = Pattern.compile("(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})");
    private static final Pattern MONTH_FIRST = Pattern.compile(
            "(?i)([a-z]{3,9})(\\.?)(\\s+)(\\d{1,2})(st|nd|rd|th)?(,?\\s+)(\\d{4})");
    private static final Pattern DAY_FIRST = Pattern.compile(
            "(?i)(\\d{1,2})(st|nd|rd|th)?(\\s+(?:of\\s+)?)([a-z]{3,9})(\\.?)(,?\\s+)(\\d{4})");

    private DateShift() {
    }

    /**
     * Shifts a FHIR {@code date}, {@code dateTime} or {@code instant} string.
     *
     * @throws IllegalArgumentException if {@code value} is not one
     */
    public static String shiftFhir(String value, int days) {
        Matcher m = FHIR_DATE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a FHIR date/dateTime");
        }
        if (m.group(2) == null) {
            return value;
        }
        int y = Integer.parseInt(m.group(1));
        int mo = Integer.parseInt(m.group(2));
        if (m.group(3) == null) {
            LocalDate d = LocalDate.of(y, mo, 15).plusDays(days);
            return String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue());
        }
        LocalDate d = LocalDate.of(y, mo, Integer.parseInt(m.group(3))).plusDays(days);
        return d + (m.group(4) == null ? "" : m.group(4));
    }

    /** The year of a FHIR date/dateTime ({@code "1960-03-02"} → {@code "1960"}), for generalisation. */
    public static String yearOf(String value) {
        Matcher m = FHIR_DATE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a FHIR date/dateTime");
        }
        return m.group(1);
    }

    /**
     * Shifts a date as written in free text, in the same style, when its form is unambiguous and has a year:
     * ISO ({@code 1978-04-26}), US numeric ({@code 4/26/1978}, {@code 04-26-78}), month first
     * ({@code April 26, 1978}, {@code Apr. 26th 1978}), day first ({@code 26 April 1978}). Empty for anything else
     * ("April 26", "4/26"), which the caller then tokenizes.
     */
    public static Optional<String> shiftWritten(String text, int days) {
        String s = text.strip();
        try {
            if (FHIR_DATE.matcher(s).matches() && s.length() >= 10) {
                return Optional.of(shiftFhir(s, days));
            }
            Matcher m = US_NUMERIC.matcher(s);
            if (m.matches()) {
                String yText = m.group(4);
                int y = Integer.parseInt(yText);
                if (yText.length() == 2) {
                    y += y > LocalDate.now().getYear() % 100 ? 1900 : 2000;
                }
                LocalDate d = LocalDate.of(y, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3))).plusDays(days);
                String sep = m.group(2);
                String mm = pad(d.getMonthValue(), m.group(1).length());
                String dd = pad(d.getDayOfMonth(), m.group(3).length());
                String yy = yText.length() == 2 ? String.format(Locale.ROOT, "%02d", d.getYear() % 100) : "" + d.getYear();
                return Optional.of(mm + sep + dd + sep + yy);
            }
            m = MONTH_FIRST.matcher(s);
            if (m.matches()) {
                int month = monthOf(m.group(1));
                if (month < 0) {
                    return Optional.empty();
                }
                LocalDate d = LocalDate.of(Integer.parseInt(m.group(7)), month + 1, Integer.parseInt(m.group(4)))
                        .plusDays(days);
                String suffix = m.group(5) == null ? "" : ordinal(d.getDayOfMonth());
                return Optional.of(monthLike(m.group(1), d.getMonthValue()) + m.group(2) + m.group(3)
                        + d.getDayOfMonth() + suffix + m.group(6) + d.getYear());
            }
            m = DAY_FIRST.matcher(s);
            if (m.matches()) {
                int month = monthOf(m.group(4));
                if (month < 0) {
                    return Optional.empty();
                }
                LocalDate d = LocalDate.of(Integer.parseInt(m.group(7)), month + 1, Integer.parseInt(m.group(1)))
                        .plusDays(days);
                String suffix = m.group(2) == null ? "" : ordinal(d.getDayOfMonth());
                return Optional.of(d.getDayOfMonth() + suffix + m.group(3) + monthLike(m.group(4), d.getMonthValue())
                        + m.group(5) + m.group(6) + d.getYear());
            }
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String pad(int v, int width) {
        return width >= 2 ? String.format(Locale.ROOT, "%02d", v) : Integer.toString(v);
    }

    private static int monthOf(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(w) || w.length() >= 3 && MONTHS[i].startsWith(w) && (w.length() == 3 || w.equals("sept"))) {
                return i;
            }
        }
        return -1;
    }

    /** The new month written like the old one: full or abbreviated, in the same case. */
    private static String monthLike(String original, int month) {
        String full = MONTHS[month - 1];
        String name = original.length() > 4 || original.equalsIgnoreCase("june") || original.equalsIgnoreCase("july")
                || original.equalsIgnoreCase("may") ? full : full.substring(0, 3);
        if (original.equals(original.toUpperCase(Locale.ROOT))) {
            return name.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(original.charAt(0))) {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
        return name;
    }

    private static String ordinal(int day) {
        if (day >= 11 && day <= 13) {
            return "th";
        }
        return switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }
}
