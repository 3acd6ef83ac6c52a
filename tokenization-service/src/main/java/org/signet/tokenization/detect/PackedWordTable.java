package org.signet.tokenization.detect;

import java.util.Locale;
import java.util.Map;

/**
 * A large, read-only map from lower-case words to bit sets, looked up on a range of a text without copying it.
 * Each slot is one {@code long}: the high 32 bits of the word's 64-bit FNV-1a hash and 32 bits of value, so a
 * lookup reads one cache line and never dereferences a key. Two words share a slot only when their hashes agree in
 * those 32 bits and in the slot's index bits too (about one lookup in 2^50 for a table of a million slots); for a
 * word list, whose worst case is a wrong bit on one word, that is as good as exact.
 */
final class PackedWordTable {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long KEY_MASK = 0xFFFFFFFF00000000L;
    private static final long VALUE_MASK = 0xFFFFFFFFL;

    private final long[] slots;
    private final int mask;

    /** {@code words}: lower-case word → bits (not 0). */
    PackedWordTable(Map<String, Integer> words) {
        int capacity = Integer.highestOneBit(Math.max(8, words.size() * 2) - 1) << 1;
        slots = new long[capacity];
        mask = capacity - 1;
        words.forEach((word, bits) -> {
            if (bits == 0) {
                return;
            }
            long h = hash(word, 0, word.length());
            long key = key(h);
            int slot = (int) h & mask;
            while (slots[slot] != 0 && (slots[slot] & KEY_MASK) != key) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = key | (slots[slot] & VALUE_MASK) | (bits & VALUE_MASK);
        });
    }

    /** Adds {@code bit} to each of {@code words} in a table being built (lower-case word → bits). */
    static void mark(Map<String, Integer> table, int bit, String... words) {
        for (String word : words) {
            table.merge(word, bit, (a, b) -> a | b);
        }
    }

    /** The bits of {@code text[start, end)} lower-cased, or 0. */
    int get(String text, int start, int end) {
        return findHash(hashLower(text, start, end));
    }

    /**
     * The hash of {@code text[start, end)} lower-cased with {@code toLowerCase(Locale.ROOT)}, the key every table
     * shares: {@link #find} it in any of them. Never 0.
     */
    static long hashLower(String text, int start, int end) {
        long h = FNV_OFFSET;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                // outside ASCII, lower-casing may change the length: copy after all
                String lower = text.substring(start, end).toLowerCase(Locale.ROOT);
                h = hash(lower, 0, lower.length());
                break;
            }
            h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * FNV_PRIME;
        }
        return h == 0 ? 1 : h;
    }

    /** The hash a lookup starts from: extend it with {@link #extend}, then {@link #find} it. */
    static long start() {
        return FNV_OFFSET;
    }

    /**
     * {@code h} extended by {@code text[start, end)} ASCII-lower-cased, so a phrase's hash is built word by word
     * without joining it: a range with a char outside ASCII returns 0, which no lookup finds.
     */
    static long extend(long h, String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                return 0;
            }
            h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * FNV_PRIME;
        }
        return h;
    }

    /** {@code h} extended by one char, as written. */
    static long extend(long h, char c) {
        return (h ^ c) * FNV_PRIME;
    }

    /** The bits of the entry whose hash is {@code h} (from {@link #extend}), or 0. */
    int find(long h) {
        return h == 0 ? 0 : findHash(h);
    }

    /** The bits of the lower-case word in {@code chars[0, length)}, or 0. */
    int get(char[] chars, int length) {
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++) {
            h = (h ^ chars[i]) * FNV_PRIME;
        }
        return findHash(h);
    }

    /** The bits of a word that is already lower-case, or 0. */
    int get(String lowerWord) {
        return findHash(hash(lowerWord, 0, lowerWord.length()));
    }

    private int findHash(long h) {
        long key = key(h);
        for (int slot = (int) h & mask; ; slot = (slot + 1) & mask) {
            long s = slots[slot];
            if (s == 0) {
                return 0;
            }
            if ((s & KEY_MASK) == key) {
                return (int) (s & VALUE_MASK);
            }
        }
    }

    private static long hash(String s, int start, int end) {
        long h = FNV_OFFSET;
        for (int i = start; i < end; i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    /** The stored key: never 0, which marks an empty slot. */
    private static long key(long h) {
        long k = h & KEY_MASK;
        return k == 0 ? 1L << 32 : k;
    }
}
