package org.signet.tokenization.pseudo;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Safe Harbor generalisations of values (45 CFR 164.514(b)(2)(i)(B) and (C)). */
public final class Generalization {

    /**
     * Three-digit ZIP prefixes whose area held 20,000 people or fewer at the 2000 census; Safe Harbor requires
     * {@code 000} for them.
     */
    public static final Set<String> RESTRICTED_ZIP3 = Set.of("036", "059", "063", "102", "203", "556", "692", "790",
            "821", "823", "830", "831", "878", "879", "884", "890", "893");

    /** The age from which Safe Harbor aggregates ages into one category. */
    public static final int AGE_LIMIT = 90;

    private static final Pattern US_ZIP = Pattern.compile("(\\d{3})\\d{2}(?:[- ]?\\d{4})?");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,3}");

    private Generalization() {
    }

    /**
     * A US ZIP code generalised to its first three digits plus {@code 00} ({@code 98053-1234} → {@code 98000}),
     * or {@code 00000} for a restricted prefix. Empty if {@code zip} is not a US ZIP (the caller must then remove it).
     */
    public static Optional<String> zip(String zip) {
        Matcher m = US_ZIP.matcher(zip.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String prefix = m.group(1);
        return Optional.of(RESTRICTED_ZIP3.contains(prefix) ? "00000" : prefix + "00");
    }

    /** An age in years as text: {@code "90+"} above 89, unchanged otherwise. */
    public static String age(int years) {
        return years >= AGE_LIMIT ? AGE_LIMIT + "+" : Integer.toString(years);
    }

    /** True for text that is a plain whole number (an age written as text). */
    static boolean isWholeNumber(String s) {
        return WHOLE_NUMBER.matcher(s.strip()).matches();
    }
}
