package org.signet.tokenization.detect;

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
 * What English, its dictionaries and the world's name lists know of a word: the bits of {@code detect/lexicon.tsv.gz},
 * which the {@code tokenization-lexicon} module builds from WordNet 3.1, LanguageTool's English dictionaries and
 * datafaker's name and hospital lists (see its README). Loaded once per JVM.
 */
final class Vocabulary {

    /** Written lower-case in some dictionary: an ordinary word. */
    static final int WORD = 1;
    /** Written capitalised only, in a dictionary of English: a proper noun (a drug brand, a surname, a town). */
    static final int PROPER = 2;
    /** On an English-speaking locale's given-name list. */
    static final int GIVEN = 4;
    /** On an English-speaking locale's surname list. */
    static final int SURNAME = 8;
    /** A WordNet place. */
    static final int PLACE = 16;
    /** A WordNet person ("Lincoln"). */
    static final int PERSON = 32;
    /** A medicine or disease name. */
    static final int MEDICAL = 64;
    /** A WordNet organisation. */
    static final int ORGANIZATION = 128;
    /** The distinctive words of a hospital's name ("sacred heart"). */
    static final int HOSPITAL = 256;
    /** An acronym a dictionary of English knows ("ICU"). */
    static final int ACRONYM = 512;
    /** On another locale's name list only: weaker, those lists hold English words ("With" is a Dutch surname). */
    static final int WORLD_NAME = 1024;
    /** A closed-class word: determiner, preposition, pronoun, modal, conjunction. */
    static final int FUNCTION = 2048;
    /** Tagged as a verb, adjective or adverb in some use: "aware", "notified". */
    static final int VERBAL = 4096;

    private static final String RESOURCE = "/detect/lexicon.tsv.gz";

    /** Single words. */
    static final WordTable WORDS;
    /** Names of several words, joined by single spaces ("san diego", "holy cross"). */
    static final WordTable PHRASES;
    /** The first words of {@link #PHRASES}, so a phrase is looked for only where one may start. */
    static final WordTable PHRASE_STARTS;
    /** Longest phrase in words. */
    static final int MAX_PHRASE_WORDS;

    static {
        Map<String, Integer> words = new HashMap<>(1 << 19);
        Map<String, Integer> phrases = new HashMap<>(1 << 14);
        Map<String, Integer> phraseStarts = new HashMap<>(1 << 14);
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
                } else {
                    phrases.put(word, bits);
                    phraseStarts.put(word.substring(0, word.indexOf(' ')), 1);
                    longest = Math.max(longest, word.split(" ").length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WORDS = new WordTable(words);
        PHRASES = new WordTable(phrases);
        PHRASE_STARTS = new WordTable(phraseStarts);
        MAX_PHRASE_WORDS = longest;
    }

    private Vocabulary() {
    }

    /** The bits of {@code text[start, end)}, case-insensitively; 0 for a word no source knows. */
    static int bits(String text, int start, int end) {
        return WORDS.get(text, start, end);
    }
}
