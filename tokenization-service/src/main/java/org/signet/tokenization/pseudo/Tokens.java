package org.signet.tokenization.pseudo;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.signet.tokenization.detect.FoldedText;
import org.signet.tokenization.detect.PhiType;

/** The token format {@code [[TYPE_n]]}, token types, and how originals are normalised before lookup. */
public final class Tokens {

    /** A token type: upper-case letters, digits and underscores, starting with a letter. */
    public static final Pattern TOKEN_TYPE = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** Any token in a text; group 1 is the type, group 2 the number. */
    public static final Pattern TOKEN = Pattern.compile("\\[\\[([A-Z][A-Z0-9_]*)_([1-9][0-9]*)]]");

    /**
     * A token as written in a text, or its escaped literal form: group 1 holds the escaping backslashes (none for a
     * token), group 2 the type and number. Text that looks like a token but did not come from the vault (a
     * transcript quoting {@code [[PATIENT_NAME_1]]}) is escaped to {@code [[\\PATIENT_NAME_1]]} on the way in, and
     * one backslash is taken off again on re-identification, so it stays literal through drafting and review.
     */
    public static final Pattern TOKEN_OR_LITERAL = Pattern.compile("\\[\\[(\\\\*)([A-Z][A-Z0-9_]*_[1-9][0-9]*)]]");

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Tokens() {
    }

    public static String format(String tokenType, int n) {
        return "[[" + tokenType + "_" + n + "]]";
    }

    /** {@code text} with every token-shaped literal escaped (one more backslash after its {@code [[}). */
    public static String escapeLiterals(String text) {
        if (text == null || !text.contains("[[")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        appendEscaped(out, text, 0, text.length());
        return out.toString();
    }

    /** Appends {@code text[start, end)} to {@code out} with its token-shaped literals escaped. */
    public static void appendEscaped(StringBuilder out, String text, int start, int end) {
        int open = text.indexOf("[[", start);
        if (open < 0 || open >= end) {
            out.append(text, start, end);
            return;
        }
        Matcher m = TOKEN_OR_LITERAL.matcher(text).region(start, end);
        int last = start;
        while (m.find()) {
            out.append(text, last, m.start() + 2).append('\\').append(text, m.start() + 2, m.end());
            last = m.end();
        }
        out.append(text, last, end);
    }

    public static boolean isValidType(String tokenType) {
        return tokenType != null && TOKEN_TYPE.matcher(tokenType).matches();
    }

    /**
     * The lookup key of an original: trimmed, whitespace collapsed, case-folded; phone and fax numbers reduced to
     * their digits (a leading US country code dropped), identifiers to their letters and digits, so that
     * "(555) 355-9196" and "555.355.9196", or "999-40-8244" and "999 40 8244", share a token. Folded first
     * ({@link FoldedText}), so an original written with invisible or look-alike chars shares the plain one's token.
     */
    public static String normalise(String tokenType, String original) {
        String s = SPACES.matcher(FoldedText.fold(original).strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
        return switch (phiTypeOf(tokenType)) {
            case PHONE, FAX -> {
                String digits = s.replaceAll("\\D", "");
                yield digits.length() == 11 && digits.startsWith("1") ? digits.substring(1) : digits.isEmpty() ? s : digits;
            }
            case MRN, SSN, ACCOUNT, HEALTH_PLAN, LICENSE, VEHICLE, DEVICE, OTHER_ID -> {
                String alnum = s.replaceAll("[^\\p{L}\\p{N}]", "");
                yield alnum.isEmpty() ? s : alnum;
            }
            default -> s;
        };
    }

    /**
     * The PHI kind a token type stands for, from its last word(s): {@code PATIENT_NAME} → NAME,
     * {@code PATIENT_PHONE} → PHONE, {@code PRACTITIONER_NPI} → LICENSE, unknown → OTHER_ID.
     */
    public static PhiType phiTypeOf(String tokenType) {
        String t = tokenType.toUpperCase(Locale.ROOT);
        for (PhiType p : PhiType.values()) {
            if (t.equals(p.name()) || t.endsWith("_" + p.name())) {
                return p;
            }
        }
        if (t.endsWith("BIRTH_DATE") || t.endsWith("DATE")) {
            return PhiType.DATE;
        }
        if (t.endsWith("NAME") || t.endsWith("DISPLAY")) {
            return PhiType.NAME;
        }
        if (t.endsWith("DL") || t.endsWith("NPI")) {
            return PhiType.LICENSE;
        }
        if (t.endsWith("DISTRICT") || t.endsWith("LINE")) {
            return PhiType.ADDRESS;
        }
        if (t.endsWith("POSTAL_CODE")) {
            return PhiType.ZIP;
        }
        return PhiType.OTHER_ID;
    }

    /** The token type for a span free-text detection found that matches nothing in the chart. */
    public static String defaultTokenType(PhiType type) {
        return type.name();
    }
}
