package org.signet.tokenization.detect;

import static org.signet.lexicon.LexiconBits.ACRONYM;
import static org.signet.lexicon.LexiconBits.GIVEN;
import static org.signet.lexicon.LexiconBits.MEDICAL;
import static org.signet.lexicon.LexiconBits.PLACE;
import static org.signet.lexicon.LexiconBits.PROPER;
import static org.signet.lexicon.LexiconBits.SURNAME;
import static org.signet.lexicon.LexiconBits.WORD;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What English, its dictionaries and the world's name lists know of a word: the {@link org.signet.lexicon.LexiconBits}
 * of {@code detect/lexicon.tsv.gz},
 * which the {@code tokenization-lexicon} module builds from WordNet 3.1, LanguageTool's English dictionaries and
 * datafaker's name and hospital lists (see its README). Loaded once per JVM.
 */
final class Vocabulary {

    private static final String RESOURCE = "/detect/lexicon.tsv.gz";

    /** Single words. */
    static final PackedWordTable WORDS;
    /** Names of several words, joined by single spaces ("san diego", "st vincent"). */
    static final PackedWordTable PHRASES;
    /** The first words of {@link #PHRASES}, so a phrase is looked for only where one may start. */
    private static final java.util.Set<String> PHRASE_STARTS;
    private static final Map<String, Integer> NAMES_AND_PLACES_MAP;
    /** Longest phrase in words. */
    static final int MAX_PHRASE_WORDS;

    static {
        Map<String, Integer> words = new HashMap<>(1 << 19);
        Map<String, Integer> phrases = new HashMap<>(1 << 14);
        java.util.Set<String> phraseStarts = new java.util.HashSet<>(1 << 14);
        Map<String, Integer> namesAndPlaces = new HashMap<>(1 << 17);
        int longest = 1;
        try (InputStream in = Vocabulary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " (module tokenization-lexicon)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16);
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                if (line.startsWith("#") || tab < 0) {
                    continue;
                }
                String word = line.substring(0, tab);
                int bits = Integer.parseInt(line, tab + 1, line.length(), 10);
                if (word.indexOf(' ') < 0) {
                    words.put(word, bits);
                    if ((bits & (GIVEN | SURNAME | PLACE)) != 0) {
                        namesAndPlaces.put(word, bits);
                    }
                } else {
                    phrases.put(word, bits);
                    phraseStarts.add(word.substring(0, word.indexOf(' ')));
                    longest = Math.max(longest, word.split(" ").length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WORDS = new PackedWordTable(words);
        PHRASES = new PackedWordTable(phrases);
        PHRASE_STARTS = java.util.Set.copyOf(phraseStarts);
        NAMES_AND_PLACES_MAP = Map.copyOf(namesAndPlaces);
        MAX_PHRASE_WORDS = longest;
    }

    private Vocabulary() {
    }

    /** The single words on a name or place list, with their bits. */
    static Map<String, Integer> namesAndPlaces() {
        return NAMES_AND_PLACES_MAP;
    }

    /** The first words of the phrases. */
    static java.util.Set<String> phraseStarts() {
        return PHRASE_STARTS;
    }

    /**
     * The common slips of a long word that no dictionary knows as words of their own: a letter dropped, a letter
     * doubled, two neighbours swapped ("transfered", "admited", "trasnferred"). Short words have none, since
     * their slips are too often other words.
     */
    static java.util.Set<String> misspellings(String word) {
        java.util.Set<String> out = new java.util.HashSet<>();
        int n = word.length();
        if (n < 7) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            out.add(word.substring(0, i) + word.substring(i + 1));
            out.add(word.substring(0, i + 1) + word.charAt(i) + word.substring(i + 1));
            if (i + 1 < n) {
                out.add(word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2));
            }
        }
        out.removeIf(typo -> bits(typo, 0, typo.length()) != 0);
        return out;
    }

    /**
     * Whether a word no source knows is one edit (a letter dropped, added, changed or two swapped) from a word a
     * dictionary knows, or a known word with "'s": a misspelling ("tachypnic", "preesure") or a possessive, not a
     * name. Costs up to some hundred lookups, so callers ask only for unknown words of a rule's candidate.
     */
    static boolean nearWord(String text, int start, int end) {
        String w = text.substring(start, end).toLowerCase(java.util.Locale.ROOT);
        int n = w.length();
        int known = WORD | ACRONYM | MEDICAL | PROPER;
        if (possessiveOf(text, start, end, known)) {
            return true;
        }
        char[] src = w.toCharArray();
        char[] b = new char[n + 1];
        for (int i = 0; i < n; i++) {
            // a letter dropped
            System.arraycopy(src, 0, b, 0, i);
            System.arraycopy(src, i + 1, b, i, n - i - 1);
            if ((WORDS.get(b, n - 1) & known) != 0) {
                return true;
            }
            // two letters swapped
            if (i + 1 < n) {
                System.arraycopy(src, 0, b, 0, n);
                b[i] = src[i + 1];
                b[i + 1] = src[i];
                if ((WORDS.get(b, n) & known) != 0) {
                    return true;
                }
            }
        }
        for (int i = 0; i <= n; i++) {
            // a letter added at i
            System.arraycopy(src, 0, b, 0, i);
            System.arraycopy(src, i, b, i + 1, n - i);
            for (char c = 'a'; c <= 'z'; c++) {
                b[i] = c;
                if ((WORDS.get(b, n + 1) & known) != 0) {
                    return true;
                }
            }
            // the letter at i changed
            if (i < n) {
                System.arraycopy(src, 0, b, 0, n);
                for (char c = 'a'; c <= 'z'; c++) {
                    b[i] = c;
                    if (c != src[i] && (WORDS.get(b, n) & known) != 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether {@code text[start, end)} is a word with {@code bits} followed by "'s" or "’s" ("Children's"). */
    static boolean possessiveOf(String text, int start, int end, int bits) {
        if (end - start <= 2 || (text.charAt(end - 1) | 0x20) != 's') {
            return false;
        }
        char apostrophe = text.charAt(end - 2);
        return (apostrophe == '\'' || apostrophe == '’') && (WORDS.get(text, start, end - 2) & bits) != 0;
    }

    /** The bits of {@code text[start, end)}, case-insensitively; 0 for a word no source knows. */
    static int bits(String text, int start, int end) {
        return WORDS.get(text, start, end);
    }
}
