package org.signet.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A text as words with their offsets: runs of letters (with inner apostrophes and hyphens), numbers (with a
 * decimal part), and Signet's tokens ({@code [[PATIENT_NAME_1]]}) as one word each. Each word has its lower-case
 * form and a light stem, so "coughing" meets "cough" and "ankles" meets "ankle"; spelled numbers up to twenty and
 * the tens read as digits ("five days" meets "5 days").
 */
public final class Words {

    /** One word: {@code text[start, end)}, its lower-case form and its stem. */
    public record Word(int start, int end, String lower, String stem, boolean number, boolean token) {}

    private static final Map<String, String> SPELLED = Map.ofEntries(Map.entry("zero", "0"), Map.entry("one", "1"),
            Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"),
            Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
            Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"), Map.entry("thirteen", "13"),
            Map.entry("fourteen", "14"), Map.entry("fifteen", "15"), Map.entry("sixteen", "16"),
            Map.entry("seventeen", "17"), Map.entry("eighteen", "18"), Map.entry("nineteen", "19"),
            Map.entry("twenty", "20"), Map.entry("thirty", "30"), Map.entry("forty", "40"), Map.entry("fifty", "50"),
            Map.entry("sixty", "60"), Map.entry("seventy", "70"), Map.entry("eighty", "80"), Map.entry("ninety", "90"),
            Map.entry("hundred", "100"));

    /** Closed-class words and fillers: they carry no claim of their own. */
    static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with",
            "by", "from", "as", "is", "are", "was", "were", "be", "been", "being", "am", "i", "i'm", "i've", "i'd", "i'll",
            "me", "my", "mine", "you", "your", "you're", "he", "she", "it", "it's", "its", "we", "we'll", "we're", "us",
            "our", "they", "them", "their", "this", "that", "these", "those", "there", "here", "so", "do", "does", "did",
            "has", "have", "had", "having", "will", "would", "can", "could", "should", "may", "might", "just", "also",
            "about", "some", "any", "very", "really", "um", "uh", "like", "know", "okay", "ok", "yeah", "yes", "well",
            "oh", "then", "than", "if", "but", "what", "how", "when", "which", "who", "patient", "pt", "reports",
            "report", "reported", "states", "stated", "say", "says", "said", "get", "got", "go", "going", "gonna",
            "let", "let's", "lets", "think", "mean", "all", "out", "up", "over", "since", "while", "because", "into",
            "much", "more", "bit", "little", "lot", "kind", "sort", "thing", "things", "now", "today");

    private Words() {
    }

    public static List<Word> of(String text) {
        List<Word> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '[' && text.startsWith("[[", i)) {
                int close = text.indexOf("]]", i + 2);
                if (close > 0 && close - i < 64) {
                    String token = text.substring(i, close + 2);
                    out.add(new Word(i, close + 2, token, token, false, true));
                    i = close + 2;
                    continue;
                }
            }
            if (Character.isDigit(c)) {
                int e = i;
                while (e < n && Character.isDigit(text.charAt(e))) {
                    e++;
                }
                if (e + 1 < n && text.charAt(e) == '.' && Character.isDigit(text.charAt(e + 1))) {
                    e++;
                    while (e < n && Character.isDigit(text.charAt(e))) {
                        e++;
                    }
                }
                String number = normalizeNumber(text.substring(i, e));
                out.add(new Word(i, e, number, number, true, false));
                i = e;
                continue;
            }
            if (Character.isLetter(c)) {
                int e = i + 1;
                while (e < n && (Character.isLetterOrDigit(text.charAt(e))
                        || joiner(text.charAt(e)) && e + 1 < n && Character.isLetter(text.charAt(e + 1)))) {
                    e++;
                }
                String lower = text.substring(i, e).toLowerCase(Locale.ROOT).replace('’', '\'');
                String spelled = SPELLED.get(lower);
                if (spelled != null) {
                    out.add(new Word(i, e, spelled, spelled, true, false));
                } else {
                    out.add(new Word(i, e, lower, stem(lower), false, false));
                }
                i = e;
                continue;
            }
            i++;
        }
        return out;
    }

    /** An apostrophe or hyphen inside a word ("I've", "x-ray"). */
    private static boolean joiner(char c) {
        return c == '\'' || c == '’' || c == '-';
    }

    /** "85.20" → "85.2", "40.0" → "40": the same quantity written two ways is one word. */
    static String normalizeNumber(String n) {
        if (n.indexOf('.') < 0) {
            String s = n.replaceFirst("^0+(?=\\d)", "");
            return s;
        }
        String s = n.replaceFirst("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Units said in full meet their abbreviations ("10 milligrams" is "10 mg"). */
    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("milligram", "mg"),
            Map.entry("milligrams", "mg"), Map.entry("mgs", "mg"), Map.entry("microgram", "mcg"),
            Map.entry("micrograms", "mcg"), Map.entry("kilogram", "kg"), Map.entry("kilograms", "kg"),
            Map.entry("kilos", "kg"), Map.entry("pound", "lb"), Map.entry("pounds", "lb"), Map.entry("lbs", "lb"),
            Map.entry("centimeters", "cm"), Map.entry("centimeter", "cm"), Map.entry("milliliters", "ml"),
            Map.entry("milliliter", "ml"), Map.entry("percent", "%"), Map.entry("degrees", "degree"));

    /** A light stem: possessive, plural and common verb endings off; enough to meet the same word inflected. */
    public static String stem(String w) {
        String unit = UNITS.get(w);
        if (unit != null) {
            return unit;
        }
        String s = (w.endsWith("'s") ? w.substring(0, w.length() - 2) : w).replace("-", "");
        int len = s.length();
        if (len > 5 && s.endsWith("ing")) {
            s = s.substring(0, len - 3);
        } else if (len > 4 && s.endsWith("ied")) {
            s = s.substring(0, len - 3) + "y";
        } else if (len > 4 && s.endsWith("ed") && !s.endsWith("eed")) {
            s = s.substring(0, len - 2);
        } else if (len > 4 && s.endsWith("ies")) {
            s = s.substring(0, len - 3) + "y";
        } else if (len > 4 && (s.endsWith("ches") || s.endsWith("shes") || s.endsWith("sses") || s.endsWith("xes"))) {
            s = s.substring(0, len - 2);
        } else if (len > 3 && s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            s = s.substring(0, len - 1);
        }
        if (s.length() > 3 && s.endsWith("e")) {
            s = s.substring(0, s.length() - 1); // "swelling"/"swell", "wheezing"/"wheeze"
        }
        return s;
    }

    /** Whether a word carries content: not a stop word, not a lone letter. */
    public static boolean content(Word w) {
        return w.number() || w.token() || w.lower().length() > 1 && !STOP.contains(w.lower());
    }
}
