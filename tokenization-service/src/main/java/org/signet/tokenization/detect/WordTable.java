package org.signet.tokenization.detect;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A map from lower-case words to int bits, looked up on a range of a text as if the range had been copied and
 * lower-cased with {@code toLowerCase(Locale.ROOT)} — but without the copy when the range is ASCII, which is
 * nearly always. Unlike {@link WordTrie} its words may hold any char ("o'brien", "pa-c", "née").
 *
 * <p>Open addressing over the words' {@link String#hashCode}, which the ASCII path computes on the fly from the
 * lower-cased chars. Immutable after construction.
 */
final class WordTable {

    private final String[] keys;
    private final int[] hashes;
    private final int[] values;
    private final int mask;

    /** {@code words}: lower-case word → its bits; a word with bits 0 is as good as absent. */
    WordTable(Map<String, Integer> words) {
        // a power of two at least twice the word count keeps probe chains short
        int capacity = Integer.highestOneBit(Math.max(8, words.size() * 2) - 1) << 1;
        keys = new String[capacity];
        hashes = new int[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        words.forEach(this::put);
    }

    /** A table of {@code words}, each with bits 1: a case-insensitive set. */
    static WordTable of(Collection<String> words) {
        Map<String, Integer> m = new HashMap<>();
        words.forEach(w -> m.put(w, 1));
        return new WordTable(m);
    }

    private void put(String word, int bits) {
        int h = word.hashCode();
        int slot = spread(h) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = word;
        hashes[slot] = h;
        values[slot] = bits;
    }

    /** The bits of {@code text[start, end)} lower-cased, or 0 when it is not in the table. */
    int get(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                // outside ASCII, lower-casing may depend on the neighbours or change the length: copy after all
                return get(text.substring(start, end).toLowerCase(Locale.ROOT));
            }
            h = 31 * h + asciiLower(c);
        }
        for (int slot = spread(h) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == h && equalsAsciiLowered(keys[slot], text, start, end)) {
                return values[slot];
            }
        }
        return 0;
    }

    /** The bits of a word that is already lower-case, or 0. */
    int get(String lowerWord) {
        int h = lowerWord.hashCode();
        for (int slot = spread(h) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == h && keys[slot].equals(lowerWord)) {
                return values[slot];
            }
        }
        return 0;
    }

    private static boolean equalsAsciiLowered(String key, String text, int start, int end) {
        if (key.length() != end - start) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (key.charAt(i - start) != asciiLower(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** String hash codes of similar words differ in their low bits little; mix the high bits in. */
    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
