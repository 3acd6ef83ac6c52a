package org.signet.tokenization.detect;

import java.util.List;

/**
 * The cue words of every recognizer in one case-insensitive trie, so {@link TextScan} looks each word of a text
 * up once and recognizers test bits instead of scanning patterns. A bit means "a pattern may start or end at
 * this word"; the recognizer's own anchored pattern still decides.
 */
final class CueWords {

    /** "aged 95", "turned 101". */
    static final long AGE = 1L;
    /** A month name or abbreviation ("March", "Mar", "Sept"). */
    static final long MONTH = 1L << 1;
    /** "phone", "cell", "call", "fax", "number" before a phone number. */
    static final long PHONE = 1L << 2;
    static final long URL_SCHEME = 1L << 3;
    static final long URL_WWW = 1L << 4;
    /** Top-level domains a bare host name may end in. */
    static final long URL_TLD = 1L << 5;
    /** PO box and apartment words that start an address. */
    static final long STREET = 1L << 6;
    static final long ZIP = 1L << 7;
    /** "lives", "moved", "from", "in" ... before a place name. */
    static final long PLACE = 1L << 8;
    /** "in", "to", "from", "near" between a place cue and the place. */
    static final long PLACE_LINK = 1L << 9;
    /** Words an organisation name ends in ("Hospital", "Clinic", "Associates"). */
    static final long ORG_SUFFIX = 1L << 10;
    /** "MRN", "acct", "mbr" written straight before an id ("MRN123456"). */
    static final long ID_PREFIX = 1L << 11;
    /** Two-letter US state abbreviations, in any case (the recognizer wants them upper-case). */
    static final long STATE = 1L << 12;
    /** Street-type words that end a street name in any case ("seymour st", "MAIN STREET"). */
    static final long STREET_END = 1L << 13;
    /** Words that say where someone lives before "on"/"at" and a street ("lives on", "house at"). */
    static final long RESIDENCE = 1L << 14;
    /** Identifier rule r of {@link IdentifierRecognizer} has bit {@code ID_RULE << r}. */
    static final long ID_RULE = 1L << 16;

    static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");

    static final WordTrie TRIE = build();
    /** Longer words are never cue words. */
    static final int MAX_LENGTH = TRIE.maxLength();

    private CueWords() {
    }

    private static WordTrie build() {
        WordTrie t = new WordTrie();
        add(t, AGE, "age", "aged", "turned", "turning", "centenarian");
        for (String m : MONTHS) {
            t.add(m, MONTH).add(m.substring(0, 3), MONTH);
        }
        t.add("sept", MONTH);
        add(t, PHONE, "phone", "ph", "tel", "telephone", "cell", "mobile", "pager", "beeper", "fax", "call", "called",
                "contact", "reach", "reached", "number", "pgr", "pg", "ext", "extension");
        add(t, URL_SCHEME, "http", "https", "ftp");
        add(t, URL_WWW, "www");
        add(t, URL_TLD, "com", "org", "net", "edu", "gov", "us", "io", "info", "biz", "health", "care", "mil");
        add(t, STREET, "p", "po", "pobox", "post", "apt", "apartment", "suite", "ste");
        add(t, STREET_END, "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "highway",
                "hwy", "parkway", "pkwy", "terrace", "drive");
        add(t, RESIDENCE, "lives", "living", "live", "lived", "resides", "resided", "residing", "house", "home",
                "apartment", "apt", "moved", "address", "corner");
        add(t, ZIP, "zip", "zipcode", "postal", "postalcode");
        add(t, PLACE, "lives", "living", "live", "lived", "resides", "resided", "residing", "moved", "moving",
                "relocated", "from", "in", "to", "near", "visiting", "visited", "born", "grew", "drove", "traveled",
                "travelled", "back", "home", "outside", "of");
        add(t, PLACE_LINK, "in", "to", "from", "near");
        add(t, ORG_SUFFIX, "hospital", "hospitals", "medical", "health", "healthcare", "clinic", "clinics",
                "associates", "group", "urgent", "pharmacy", "rehabilitation", "rehab", "nursing", "hospice", "center",
                "centre", "institute", "laboratory", "laboratories", "lab", "labs", "practice", "partners",
                "physicians", "infirmary", "sanatorium", "university", "college", "school", "academy", "inc", "corp",
                "corporation", "llc", "company", "co", "medicine", "facility", "services", "dental", "pediatrics",
                "cardiology", "orthopedics", "oncology", "neurology", "dermatology", "surgery", "agency", "foundation");
        for (String st : Lexicon.STATES) {
            t.add(st, STATE);
        }
        add(t, ID_PREFIX, "mrn", "acct", "acc", "mbr", "mem", "hmo", "ppo");
        List<String[]> rules = IdentifierRecognizer.ruleTriggers();
        for (int r = 0; r < rules.size(); r++) {
            add(t, ID_RULE << r, rules.get(r));
        }
        return t;
    }

    private static void add(WordTrie t, long bit, String... words) {
        for (String w : words) {
            t.add(w, bit);
        }
    }
}
