package org.signet.tokenization.detect;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Finds the identifiers already known from the patient's chart, in every way a clinician might write them.
 *
 * <p>Built once per vault from (type, value) pairs; it generates the variants itself — names as "First Last",
 * "Last, First", "Last", "First", "J. Last", "Mr./Mrs./Ms./Dr. Last"; phone numbers and ids with any common
 * punctuation or none; dates in every common written form — and matches all of them in one pass of an
 * Aho-Corasick automaton, case-insensitively, on word boundaries. Immutable and thread-safe after construction.
 *
 * <p>It matches the text it is given as it is: callers match a {@link FoldedText} view and map the matches back.
 */
public final class ChartDictionaryRecognizer implements PhiRecognizer {

    /** The recognizer name its spans carry. */
    static final String NAME = "chart-dictionary";

    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};
    private static final String[] TITLES = {"Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Mr", "Mrs", "Ms", "Dr"};
    private static final String[][] STREET_ABBR = {{"Street", "St"}, {"Avenue", "Ave"}, {"Road", "Rd"},
            {"Drive", "Dr"}, {"Lane", "Ln"}, {"Boulevard", "Blvd"}, {"Court", "Ct"}, {"Place", "Pl"},
            {"Terrace", "Ter"}, {"Circle", "Cir"}, {"Parkway", "Pkwy"}, {"Highway", "Hwy"}, {"Apartment", "Apt"},
            {"Suite", "Ste"}, {"North", "N"}, {"South", "S"}, {"East", "E"}, {"West", "W"}};

    /** What a keyword stands for: its source, how many leading chars are a title to leave out of the span. */
    private record Entry(ChartIdentifier source, int titleChars, boolean needsCapital) {

        PhiType type() {
            return source.type();
        }
    }

    private final PayloadTrie<Entry> trie;
    private final int keywordCount;

    public ChartDictionaryRecognizer(Collection<ChartIdentifier> identifiers) {
        Map<String, Entry> keywords = new LinkedHashMap<>();
        for (ChartIdentifier id : identifiers) {
            // folded like the texts it is matched against, so an original with invisible or look-alike chars matches
            String v = FoldedText.fold(id.value()).strip().replaceAll("\\s+", " ");
            if (v.isEmpty()) {
                continue;
            }
            switch (id.type()) {
                case NAME -> addName(keywords, id, v);
                case DATE -> addDate(keywords, id, v);
                case PHONE, FAX -> addPhone(keywords, id, v);
                case ADDRESS -> addAddress(keywords, id, v);
                case EMAIL, URL, IP, CITY, ORGANIZATION -> put(keywords, v, new Entry(id, 0, false));
                default -> addId(keywords, id, v);
            }
        }
        PayloadTrie.PayloadTrieBuilder<Entry> b = PayloadTrie.<Entry>builder().ignoreCase();
        keywords.forEach(b::addKeyword);
        this.trie = b.build();
        this.keywordCount = keywords.size();
    }

    public static ChartDictionaryRecognizer of(Collection<ChartIdentifier> identifiers) {
        return new ChartDictionaryRecognizer(identifiers);
    }

    /** How many surface forms the automaton holds (for diagnostics; never log the forms themselves). */
    public int keywordCount() {
        return keywordCount;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PhiSpan> detect(String text) {
        // all candidates, overlapping or not: PhiDetector widens partial overlaps so no flagged char leaks
        List<ChartMatch> matches = candidates(text);
        List<PhiSpan> out = new ArrayList<>(matches.size());
        for (ChartMatch m : matches) {
            out.add(new PhiSpan(m.type(), m.start(), m.end(), name(), 0.98));
        }
        return out;
    }

    /**
     * Every chart identifier written in {@code text}, as non-overlapping matches sorted by start: where
     * surface forms overlap, the longest wins ("John Smith" over "Smith"), then the leftmost.
     */
    public List<ChartMatch> match(String text) {
        return nonOverlapping(candidates(text));
    }

    private List<ChartMatch> candidates(String text) {
        List<ChartMatch> found = new ArrayList<>();
        for (PayloadEmit<Entry> emit : trie.parseText(text)) {
            int s = emit.getStart();
            int e = emit.getEnd() + 1;
            if (!boundary(text, s, true) || !boundary(text, e, false)) {
                continue;
            }
            Entry en = emit.getPayload();
            if (en.needsCapital() && !Character.isUpperCase(text.charAt(s))) {
                continue;
            }
            int start = s + en.titleChars();
            while (start < e && text.charAt(start) == ' ') {
                start++;
            }
            if (start < e) {
                found.add(new ChartMatch(start, e, en.source()));
            }
        }
        return found;
    }

    private static List<ChartMatch> nonOverlapping(List<ChartMatch> found) {
        if (found.size() <= 1) {
            return found;
        }
        found.sort(Comparator.comparingInt(ChartMatch::length).reversed().thenComparingInt(ChartMatch::start));
        BitSet taken = new BitSet();
        List<ChartMatch> kept = new ArrayList<>();
        for (ChartMatch m : found) {
            int next = taken.nextSetBit(m.start());
            if (next < 0 || next >= m.end()) {
                taken.set(m.start(), m.end());
                kept.add(m);
            }
        }
        kept.sort(Comparator.comparingInt(ChartMatch::start));
        return kept;
    }

    /**
     * True when offset {@code i} is a word boundary for a match starting ({@code atStart}) or ending there.
     * Digits joined by "-", ".", "/" continue a number, so "123-4567" never yields a match on "123".
     */
    private static boolean boundary(String text, int i, boolean atStart) {
        int out = atStart ? i - 1 : i;
        int in = atStart ? i : i - 1;
        if (out < 0 || out >= text.length()) {
            return true;
        }
        char o = text.charAt(out);
        if (Character.isLetterOrDigit(o)) {
            return false;
        }
        int beyond = atStart ? out - 1 : out + 1;
        return !((o == '-' || o == '.' || o == '/') && Character.isDigit(text.charAt(in))
                && beyond >= 0 && beyond < text.length() && Character.isDigit(text.charAt(beyond)));
    }

    private static void put(Map<String, Entry> keywords, String form, Entry e) {
        String key = form.toLowerCase(Locale.ROOT);
        Entry old = keywords.get(key);
        // a form already known as a full identifier keeps its stronger meaning
        if (old == null || old.needsCapital() && !e.needsCapital()) {
            keywords.put(key, e);
        }
    }

    private static void addName(Map<String, Entry> kw, ChartIdentifier id, String v) {
        String[] parts = v.replace(",", " ").trim().split(" +");
        boolean lastFirst = v.contains(",");
        List<String> p = new ArrayList<>(List.of(parts));
        if (lastFirst && p.size() >= 2) {
            p.add(p.remove(0)); // "Baker, Janet M" -> Janet M Baker
        }
        String first = p.get(0);
        String last = p.get(p.size() - 1);
        for (String part : p) {
            String bare = part.replace(".", "");
            if (bare.length() >= 2) {
                // single words that are also ordinary words ("Will", "May") must be capitalised in the text
                put(kw, bare, new Entry(id, 0, true));
            }
        }
        if (p.size() >= 2) {
            String full = String.join(" ", p);
            put(kw, full, new Entry(id, 0, false));
            put(kw, first + " " + last, new Entry(id, 0, false));
            put(kw, last + ", " + first, new Entry(id, 0, false));
            put(kw, last + " " + first, new Entry(id, 0, false));
            put(kw, last + "," + first, new Entry(id, 0, false));
            String initial = first.substring(0, 1);
            put(kw, initial + ". " + last, new Entry(id, 0, true));
            put(kw, initial + " " + last, new Entry(id, 0, true));
            put(kw, initial + "." + last, new Entry(id, 0, true));
            put(kw, last + ", " + initial + ".", new Entry(id, 0, true));
            if (p.size() >= 3) {
                String mid = p.get(1).substring(0, 1);
                put(kw, first + " " + mid + ". " + last, new Entry(id, 0, false));
                put(kw, first + " " + mid + " " + last, new Entry(id, 0, false));
                put(kw, last + ", " + first + " " + mid + ".", new Entry(id, 0, false));
                put(kw, last + ", " + first + " " + mid, new Entry(id, 0, false));
                put(kw, initial + ". " + mid + ". " + last, new Entry(id, 0, false));
            }
        }
        List<String> targets = new ArrayList<>();
        targets.add(last);
        if (p.size() >= 2) {
            targets.add(first + " " + last);
        } else {
            targets.add(first);
        }
        for (String t : TITLES) {
            for (String target : targets) {
                if (target.replace(".", "").length() >= 2) {
                    put(kw, t + " " + target, new Entry(id, t.length(), false));
                }
            }
        }
    }

    private static void addDate(Map<String, Entry> kw, ChartIdentifier id, String v) {
        LocalDate d;
        try {
            d = LocalDate.parse(v.length() > 10 ? v.substring(0, 10) : v);
        } catch (DateTimeParseException e) {
            put(kw, v, new Entry(id, 0, false));
            return;
        }
        for (String f : dateForms(d)) {
            put(kw, f, new Entry(id, 0, false));
        }
    }

    /** Every common written form of a date; exposed for tests. */
    static List<String> dateForms(LocalDate d) {
        int y = d.getYear();
        int m = d.getMonthValue();
        int day = d.getDayOfMonth();
        String yy = String.format("%02d", y % 100);
        String mm = String.format("%02d", m);
        String dd = String.format("%02d", day);
        String month = MONTHS[m - 1];
        String mon = month.substring(0, 3);
        String monDot = month.length() > 3 ? mon + "." : mon;
        String sept = m == 9 ? "Sept" : null;
        String ord = day + ordinal(day);
        List<String> f = new ArrayList<>();
        f.add(y + "-" + mm + "-" + dd);
        f.add(y + "/" + mm + "/" + dd);
        f.add("" + y + mm + dd);
        for (String sep : new String[] {"/", "-", "."}) {
            for (String ms : new String[] {mm, "" + m}) {
                for (String ds : new String[] {dd, "" + day}) {
                    f.add(ms + sep + ds + sep + y);
                    f.add(ms + sep + ds + sep + yy);
                    f.add(ds + sep + ms + sep + y); // day-first, as written outside the US
                }
            }
        }
        f.add(m + "/" + day);
        f.add(mm + "/" + dd);
        for (String mo : new String[] {month, mon, monDot, sept, month.toUpperCase(Locale.ROOT), mon.toUpperCase(Locale.ROOT)}) {
            if (mo == null) {
                continue;
            }
            for (String ds : new String[] {"" + day, ord, dd}) {
                f.add(mo + " " + ds + ", " + y);
                f.add(mo + " " + ds + " " + y);
                f.add(mo + " " + ds);
                f.add(ds + " " + mo + " " + y);
                f.add(ds + " " + mo + ", " + y);
                f.add(ds + " " + mo);
                f.add(ds + " of " + mo);
                f.add(ds + " of " + mo + " " + y);
                f.add(ds + " of " + mo + ", " + y);
                f.add(ds + "-" + mo + "-" + y);
                f.add(ds + "-" + mo + "-" + yy);
                f.add(ds + mo + y);
            }
            f.add(mo + " " + y);
        }
        return f;
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

    private static void addPhone(Map<String, Entry> kw, ChartIdentifier id, String v) {
        String digits = v.replaceAll("\\D", "");
        if (digits.length() == 11 && digits.startsWith("1")) {
            digits = digits.substring(1);
        }
        Entry e = new Entry(id, 0, false);
        put(kw, v, e);
        if (digits.length() != 10) {
            addId(kw, id, v);
            return;
        }
        String a = digits.substring(0, 3);
        String b = digits.substring(3, 6);
        String c = digits.substring(6);
        for (String core : new String[] {a + "-" + b + "-" + c, a + "." + b + "." + c, a + " " + b + " " + c,
                "(" + a + ") " + b + "-" + c, "(" + a + ")" + b + "-" + c, "(" + a + ") " + b + " " + c,
                "(" + a + ") " + b + "." + c, a + "/" + b + "-" + c, a + " " + b + "-" + c, digits}) {
            put(kw, core, e);
            put(kw, "+1 " + core, e);
            put(kw, "+1-" + core, e);
            put(kw, "1-" + core, e);
            put(kw, "+1" + core, e);
            put(kw, "1 " + core, e);
        }
        put(kw, b + "-" + c, e);
    }

    private static void addAddress(Map<String, Entry> kw, ChartIdentifier id, String v) {
        Entry e = new Entry(id, 0, false);
        List<String> forms = new ArrayList<>(List.of(v));
        for (String[] ab : STREET_ABBR) {
            List<String> more = new ArrayList<>();
            for (String f : forms) {
                String full = "\\b" + ab[0] + "\\b";
                String abbr = "\\b" + ab[1] + "\\b\\.?";
                if (f.matches("(?i).*" + full + ".*")) {
                    more.add(f.replaceAll("(?i)" + full, ab[1]));
                    more.add(f.replaceAll("(?i)" + full, ab[1] + "."));
                } else if (f.matches("(?i).*" + abbr + ".*")) {
                    more.add(f.replaceAll("(?i)" + abbr, ab[0]));
                }
            }
            if (forms.size() + more.size() <= 64) {
                forms.addAll(more);
            }
        }
        for (String f : forms) {
            put(kw, f, e);
            put(kw, f.replace(",", ""), e);
        }
    }

    private static void addId(Map<String, Entry> kw, ChartIdentifier id, String v) {
        Entry e = new Entry(id, 0, false);
        put(kw, v, e);
        String alnum = v.replaceAll("[^A-Za-z0-9]", "");
        if (alnum.length() >= 4) {
            put(kw, alnum, e);
        }
        for (String sep : new String[] {"-", " ", ".", "/"}) {
            put(kw, v.replaceAll("[\\s./-]", sep), e);
        }
        if (id.type() == PhiType.SSN && alnum.length() == 9) {
            for (String sep : new String[] {"-", " ", "."}) {
                put(kw, alnum.substring(0, 3) + sep + alnum.substring(3, 5) + sep + alnum.substring(5), e);
            }
        }
    }
}
