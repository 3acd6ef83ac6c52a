package org.signet.tokenization.detect;

import java.util.Arrays;
import java.util.Locale;

/**
 * A case-insensitive whole-word lookup over ASCII letters that allocates nothing per lookup: maps a word of the
 * text to the bit set of the rules it may trigger. Used to find cue words ("MRN", "fax", "lives") in one pass.
 */
final class WordTrie {

    private int[] child = new int[26 * 64];
    private long[] value = new long[64];
    private int nodes = 1;
    private int maxLength;

    /** Adds a word of ASCII letters; the bits of a word added twice are OR-ed. */
    WordTrie add(String word, long bits) {
        String w = word.toLowerCase(Locale.ROOT);
        maxLength = Math.max(maxLength, w.length());
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

    /** Like {@link #lookup(String, int, int)} on a char array. */
    long lookup(char[] text, int start, int end) {
        int node = 0;
        for (int i = start; i < end; i++) {
            int c = (text[i] | 0x20) - 'a';
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

    int maxLength() {
        return maxLength;
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
