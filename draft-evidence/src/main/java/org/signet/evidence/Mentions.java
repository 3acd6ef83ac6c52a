package org.signet.evidence;

import org.signet.contracts.DraftEvidence.Fact;
import org.signet.contracts.DraftEvidence.ChartItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a text mentions a fact: the fact's name becomes key phrases (a medication by any of its ingredients or
 * its brand, a problem by the parts of its name without generic modifiers, a vital by its name or its value), and
 * a sentence mentions the fact when it holds enough of one phrase's stemmed words. Abbreviations a note writes
 * ("HTN", "HCTZ", "BP") count as the words they stand for.
 */
public final class Mentions {

    private static final Map<String, List<String>> ABBREVIATIONS = new HashMap<>();
    /** What each abbreviation stands for, as written in the table. */
    private static final Map<String, String> EXPANDED = new HashMap<>();

    static {
        loadAbbreviations();
    }
    /** Words of a coded medication's name that say its form and strength, not what it is. */
    private static final Set<String> DOSE_FORM = Set.of("mg", "ml", "mcg", "unt", "unit", "units", "hr", "oral",
            "tablet", "tablets", "capsule", "capsules", "extended", "release", "delayed", "injection", "injectable",
            "solution", "suspension", "topical", "cream", "ointment", "patch", "chewable", "film", "coated",
            "prefilled", "syringe", "pen", "inhaler", "metered", "dose", "actuat", "actuation", "inhalation",
            "nasal", "spray", "powder", "vial", "meq", "transdermal", "system", "disintegrating", "auto-injector",
            "pack", "day", "kit", "product", "liquid", "drops", "ophthalmic", "otic", "vaginal", "rectal", "gel",
            "lotion", "granules", "buffered", "enteric", "sodium", "potassium", "succinate", "tartrate",
            "hydrochloride", "hcl", "sulfate", "maleate", "besylate", "mesylate", "citrate", "acetate", "phosphate",
            "bromide", "medoxomil", "monohydrate", "dihydrate", "calcium", "magnesium", "bitartrate", "fumarate");
    /** Words that qualify a problem or procedure without naming it. */
    private static final Set<String> GENERIC = Set.of("chronic", "acute", "disorder", "finding", "situation",
            "procedure", "history", "episode", "recurrent", "primary", "secondary", "unspecified", "due", "body",
            "substance", "allergy", "allergic", "nonspecific", "essential", "regime", "therapy", "screening",
            "assessment", "measurement", "evaluation", "observable", "entity");
    private static final Pattern SEMANTIC_TAG = Pattern.compile("\\((?:disorder|finding|situation|procedure|substance|"
            + "morphologic abnormality|observable entity|regime/therapy|qualifier value|product|event)\\)");
    private static final Pattern BRAND = Pattern.compile("\\[([^\\]]+)]");

    private Mentions() {
    }

    /**
     * One key phrase: the stems it has, and how many of them a sentence must hold; {@code prefix} lets a drug's
     * word meet its other forms ("alendronic" and "alendronate") by their first seven letters.
     */
    record Phrase(List<String> stems, int needed, boolean prefix) {
        Phrase(List<String> stems, int needed) {
            this(stems, needed, false);
        }
    }

    /** How many leading letters of a long drug word identify it. */
    private static final int DRUG_PREFIX = 7;

    /** The key phrases of a fact. */
    static List<Phrase> phrases(String kind, String name) {
        List<Phrase> out = new ArrayList<>();
        String bare = SEMANTIC_TAG.matcher(name).replaceAll(" ");
        switch (kind) {
            case ChartItem.MEDICATION -> {
                java.util.regex.Matcher brand = BRAND.matcher(bare);
                while (brand.find()) {
                    add(out, brand.group(1), false);
                }
                for (Words.Word w : Words.of(BRAND.matcher(bare).replaceAll(" "))) {
                    if (!w.number() && w.lower().length() >= 4 && !DOSE_FORM.contains(w.lower())
                            && !Words.STOP.contains(w.lower()) && w.lower().chars().allMatch(Character::isLetter)) {
                        // any ingredient names the medication, by any of its names
                        out.add(new Phrase(List.of(w.stem()), 1, w.lower().length() > DRUG_PREFIX));
                        synonyms(out, w.lower());
                        classPhrases(out, w.lower());
                    }
                }
                // a class named whole ("water pill", "antihistamine") is mentioned by any drug of the class
                classPhrases(out, bare.strip().toLowerCase(java.util.Locale.ROOT));
            }
            case ChartItem.VITAL -> {
                for (String part : bare.split("\\s+-\\s+|\\[|]|\\(|\\)|,")) {
                    add(out, part, true);
                }
            }
            default -> {
                synonyms(out, bare.strip().toLowerCase(java.util.Locale.ROOT));
                for (String part : bare.split("\\s+-\\s+|\\s*/\\s*|,|\\(|\\)|\\bwith\\b|\\bdue to\\b")) {
                    add(out, part, true);
                    synonyms(out, part.strip().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** Stems standing for "is a member of medication class X", which sentences get from the drugs they name. */
    private static final String CLASS = "isa:";

    /** The phrase "any member of this term's own synsets": a drug by another of its names, a class by a member. */
    private static void classPhrases(List<Phrase> out, String term) {
        String t = ClinicalTerms.bits(term) == 0 ? ClinicalTerms.singular(term) : term;
        for (String own : ClinicalTerms.ownClasses(t)) {
            out.add(new Phrase(List.of(CLASS + own), 1));
        }
    }

    /** Adds the classes of a medication word or phrase a sentence names. */
    private static void addClasses(Set<String> stems, String lower) {
        List<String> classes = ClinicalTerms.classes(lower);
        if (classes.isEmpty() && lower.endsWith("s")) {
            classes = ClinicalTerms.classes(ClinicalTerms.singular(lower));
        }
        classes.forEach(c -> stems.add(CLASS + c));
    }

    /** Phrases for the other names of a term; each needs all its words ("high blood pressure", not "blood"). */
    private static void synonyms(List<Phrase> out, String term) {
        for (String synonym : ClinicalTerms.synonyms(ClinicalTerms.bitsOrSingular(term) != 0
                && ClinicalTerms.bits(term) == 0 ? ClinicalTerms.singular(term) : term)) {
            List<String> stems = Words.of(synonym).stream().filter(Words::content).map(Words.Word::stem).toList();
            if (!stems.isEmpty()) {
                out.add(new Phrase(stems, stems.size()));
            }
        }
    }

    private static void add(List<Phrase> out, String part, boolean dropGeneric) {
        List<String> stems = new ArrayList<>();
        for (Words.Word w : Words.of(part)) {
            if (Words.content(w) && !(dropGeneric && GENERIC.contains(w.lower())) && !w.lower().equals("of")) {
                stems.add(w.stem());
            }
        }
        if (!stems.isEmpty()) {
            int n = stems.size();
            out.add(new Phrase(List.copyOf(stems), n <= 2 ? n : (int) Math.ceil(0.6 * n)));
        }
    }

    /**
     * The value phrases of a vital: its numbers together ("127/80", "85.2") when they are distinctive enough, and
     * its name's first word with them ("pain 2").
     */
    static List<Phrase> valuePhrases(String name, String value) {
        List<String> numbers = Words.of(value).stream().filter(Words.Word::number).map(Words.Word::stem).toList();
        if (numbers.isEmpty()) {
            return List.of();
        }
        List<Phrase> out = new ArrayList<>();
        int chars = numbers.stream().mapToInt(String::length).sum();
        if (chars >= 4) {
            out.add(new Phrase(numbers, numbers.size()));
        }
        Words.of(name).stream().filter(Words::content).filter(w -> !w.number()).findFirst().ifPresent(first -> {
            List<String> stems = new ArrayList<>(numbers);
            stems.add(first.stem());
            out.add(new Phrase(stems, stems.size()));
        });
        return out;
    }

    /** The stems of each sentence (lines, and sentences within them) of a text, abbreviations expanded. */
    public static List<Set<String>> sentenceStems(String text) {
        List<Set<String>> out = new ArrayList<>();
        for (String sentence : text.split("(?<=[.!?;])\\s+|\\n")) {
            Set<String> stems = new HashSet<>();
            List<Words.Word> words = Words.of(sentence);
            for (int k = 0; k < words.size(); k++) {
                Words.Word w = words.get(k);
                stems.add(w.stem());
                addClasses(stems, w.lower());
                if (k + 1 < words.size()) {
                    addClasses(stems, w.lower() + " " + words.get(k + 1).lower()); // "water pill"
                }
                if (w.lower().indexOf('-') > 0) {
                    for (String part : w.lower().split("-")) {
                        stems.add(Words.stem(part)); // "first-trimester" holds "trimester"
                    }
                }
                List<String> expansion = ABBREVIATIONS.get(w.lower());
                if (expansion != null) {
                    stems.addAll(expansion);
                    addClasses(stems, EXPANDED.get(w.lower())); // "HCTZ" is hydrochlorothiazide, a diuretic
                }
            }
            if (!stems.isEmpty()) {
                out.add(stems);
            }
        }
        return out;
    }

    /** Whether any sentence holds enough of one of the phrases. */
    static boolean mentioned(List<Phrase> phrases, List<Set<String>> sentences) {
        for (Phrase p : phrases) {
            for (Set<String> s : sentences) {
                int held = 0;
                for (String stem : p.stems()) {
                    if (s.contains(stem) || p.prefix() && hasPrefix(s, stem.substring(0, DRUG_PREFIX))
                            || isNumber(stem) && roundsTo(s, stem)) {
                        held++;
                    }
                }
                if (held >= p.needed()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && Character.isDigit(s.charAt(0));
    }

    /** What an abbreviation stands for, as stems ("htn" → [hypertension]); null when the word is none. */
    public static List<String> expansion(String lowerWord) {
        return ABBREVIATIONS.get(lowerWord);
    }

    /** Whether a number of the sentence is the chart's value as a note rounds it ("1" for 0.90, "29.2" for 29.22). */
    private static boolean roundsTo(Set<String> stems, String value) {
        for (String s : stems) {
            if (isNumber(s) && writtenAs(value, s)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code written} is {@code exact} rounded to fewer decimals. */
    public static boolean writtenAs(String exact, String written) {
        java.math.BigDecimal e = new java.math.BigDecimal(exact);
        java.math.BigDecimal w = new java.math.BigDecimal(written);
        return w.scale() < e.scale()
                && e.setScale(Math.max(0, w.scale()), java.math.RoundingMode.HALF_UP).compareTo(w) == 0;
    }

    private static boolean hasPrefix(Set<String> stems, String prefix) {
        for (String s : stems) {
            if (s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The stems a fact is named by (every key phrase's, synonyms included): what a note must not hold to omit it. */
    public static Set<String> keyStems(String kind, String name) {
        Set<String> out = new HashSet<>();
        phrases(kind, name).forEach(p -> out.addAll(p.stems()));
        return out;
    }

    /** Whether {@code text} mentions the fact (its value too, for a vital with one). */
    public static boolean mentions(Fact fact, String value, List<Set<String>> sentences) {
        List<Phrase> phrases = new ArrayList<>(phrases(fact.kind(), fact.name()));
        if (value != null) {
            phrases.addAll(valuePhrases(fact.name(), value));
        }
        return mentioned(phrases, sentences);
    }

    private static void loadAbbreviations() {
        try (InputStream in = Mentions.class.getResourceAsStream("/evidence/abbreviations.tsv")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                if (line.startsWith("#") || tab < 0) {
                    continue;
                }
                String expansion = line.substring(tab + 1);
                EXPANDED.put(line.substring(0, tab), expansion);
                ABBREVIATIONS.put(line.substring(0, tab), Words.of(expansion).stream()
                        .filter(Words::content).map(Words.Word::stem).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
