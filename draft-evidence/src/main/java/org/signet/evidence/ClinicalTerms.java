package org.signet.evidence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The clinical vocabulary built by {@code BuildClinicalTerms} (WordNet 3.1 and datafaker's medical lists): which
 * words and phrases name a medication, a problem (symptom or disease) or a procedure, and which are ordinary words
 * too. Loaded once; lookups are by lower-case phrase with words joined by single spaces.
 */
public final class ClinicalTerms {

    public static final int MEDICATION = 1;
    public static final int PROBLEM = 2;
    public static final int PROCEDURE = 4;
    /** Also an ordinary word in another sense ("cold", "alcohol"): a mention needs context to count. */
    public static final int ORDINARY = 8;
    /** Names a category ("drug", "disease", "surgery"), not one thing: never a fact of its own. */
    public static final int CATEGORY = 16;

    private static final String RESOURCE = "/evidence/clinical-terms.tsv.gz";
    private static final Map<String, Integer> TERMS = new HashMap<>(64_000);
    /** Synonym group → its terms; term → its groups. */
    private static final Map<String, List<String>> MEMBERS = new HashMap<>();
    private static final Map<String, List<String>> GROUPS = new HashMap<>();
    /** Medication term → its synsets and the classes above them; → its own synsets. */
    private static final Map<String, List<String>> CLASSES = new HashMap<>();
    private static final Map<String, List<String>> OWN = new HashMap<>();

    static {
        load();
    }

    /** The longest term, in words. */
    public static final int MAX_WORDS = TERMS.keySet().stream().mapToInt(t -> t.split(" ").length).max().orElse(1);

    private ClinicalTerms() {
    }

    /** The bits of a lower-case phrase, 0 when no source knows it. */
    public static int bits(String phrase) {
        return TERMS.getOrDefault(phrase, 0);
    }

    /** The other terms that name the same thing ("high blood pressure" for "hypertension", "Aleve" for ...). */
    public static Set<String> synonyms(String phrase) {
        Set<String> out = new LinkedHashSet<>();
        for (String g : GROUPS.getOrDefault(phrase, List.of())) {
            out.addAll(MEMBERS.get(g));
        }
        out.remove(phrase);
        return out;
    }

    /**
     * The medication classes a term belongs to, its own synset included ("hydrochlorothiazide" is a thiazide, a
     * diuretic — a "water pill"); empty for anything else.
     */
    public static List<String> classes(String phrase) {
        return CLASSES.getOrDefault(phrase, List.of());
    }

    /** The synsets a medication term is a lemma of: a mention of any member of them names it. */
    public static List<String> ownClasses(String phrase) {
        return OWN.getOrDefault(phrase, List.of());
    }

    /** The bits of a phrase, or of its singular when it ends in a plural ("headaches", "hot flashes"). */
    public static int bitsOrSingular(String phrase) {
        int b = bits(phrase);
        return b != 0 || !phrase.endsWith("s") ? b : bits(singular(phrase));
    }

    /**
     * The singular of a plural the vocabulary knows ("headaches" → "headache", "hot flashes" → "hot flash",
     * "allergies" → "allergy"), else the phrase without its final s.
     */
    public static String singular(String phrase) {
        if (!phrase.endsWith("s") || phrase.endsWith("ss") || phrase.endsWith("us") || phrase.endsWith("is")) {
            return phrase;
        }
        String dropS = phrase.substring(0, phrase.length() - 1);
        if (bits(dropS) != 0) {
            return dropS;
        }
        String y = phrase.length() > 4 ? phrase.substring(0, phrase.length() - 3) + "y" : phrase;
        if (phrase.endsWith("ies") && bits(y) != 0) {
            return y;
        }
        if (phrase.endsWith("es") && bits(phrase.substring(0, phrase.length() - 2)) != 0) {
            return phrase.substring(0, phrase.length() - 2);
        }
        return dropS;
    }

    public static int size() {
        return TERMS.size();
    }

    private static void load() {
        Map<String, Integer> terms = TERMS;
        try (InputStream raw = ClinicalTerms.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException(RESOURCE + " is missing: draft-evidence builds it at build time");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t", -1);
                if (line.startsWith("#") || f.length < 2) {
                    continue;
                }
                terms.put(f[0], Integer.parseInt(f[1]));
                if (f.length > 2 && !f[2].isEmpty()) {
                    List<String> groups = List.of(f[2].split(","));
                    GROUPS.put(f[0], groups);
                    groups.forEach(g -> MEMBERS.computeIfAbsent(g, k -> new ArrayList<>()).add(f[0]));
                }
                if (f.length > 3 && !f[3].isEmpty()) {
                    List<String> all = new ArrayList<>();
                    List<String> own = new ArrayList<>();
                    for (String c : f[3].split(",")) {
                        String offset = c.startsWith("=") ? c.substring(1) : c;
                        all.add(offset);
                        if (c.startsWith("=")) {
                            own.add(offset);
                        }
                    }
                    CLASSES.put(f[0], List.copyOf(all));
                    OWN.put(f[0], List.copyOf(own));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
