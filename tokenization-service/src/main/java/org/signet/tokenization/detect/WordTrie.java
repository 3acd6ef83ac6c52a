package org.signet.tokenization.detect;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A case-insensitive whole-word lookup over ASCII letters that allocates nothing per lookup: maps a word of the
 * text to the bit set of the rules it may trigger. Used to find cue words ("MRN", "fax", "lives") in one pass.
 */
final class WordTrie {

    private int[] child = new int[26 * 64];
    private long[] value = new long[64];
    private int nodes = 1;

    /** Words are letters only; each maps to the bits it triggers (bits of one word are OR-ed). */
    static WordTrie of(Map<String, Long> words) {
        WordTrie t = new WordTrie();
        words.forEach(t::add);
        return t;
    }

    WordTrie add(String word, long bits) {
        String w = word.toLowerCase(Locale.ROOT);
        int node = 0;
        for (int i = 0; i < w.length(); i++) {
            int c = w.charAt(i) - 'a';
            if (c < 0 || c >= 26) {
                throw new IllegalArgumentException("trigger words are ASCII letters: " + word);
            }
            int next = child[node * 26 + c];
            if (next == 0) {
                if (nodes == value.length) {
                    value = Arrays.copyOf(value, nodes * 2);
                    child = Arrays.copyOf(child, nodes * 2 * 26);
                }
                next = nodes++;
                child[node * 26 + c] = next;
            }
            node = next;
        }
        value[node] |= bits;
        return this;
    }

    /** The bits of the word {@code text[start, end)}, compared case-insensitively, or 0 when it is not listed. */
    long lookup(String text, int start, int end) {
        int node = 0;
        for (int i = start; i < end; i++) {
            int c = (text.charAt(i) | 0x20) - 'a';
            if (c < 0 || c >= 26) {
                return 0;
            }
            node = child[node * 26 + c];
            if (node == 0) {
                return 0;
            }
        }
        return value[node];
    }
}
