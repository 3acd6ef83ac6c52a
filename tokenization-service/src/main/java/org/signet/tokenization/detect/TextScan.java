package org.signet.tokenization.detect;

import java.util.Arrays;

/**
 * One pass over a text, shared by the recognizers of a {@link PhiDetector} call: the runs of letters ("words")
 * and of ASCII digits ("numbers"). Recognizers use these runs as cheap triggers and run their anchored patterns
 * only where a trigger fires, instead of scanning every pattern over the whole text.
 */
final class TextScan {

    final String text;
    final int length;
    /** The text's chars, copied once: array reads are cheaper than String.charAt in the scan loop. */
    private final char[] chars;
    int[] wordStart;
    int[] wordEnd;
    /** {@link CueWords} bits of each word. */
    long[] wordBits;
    int words;
    int[] numStart;
    int[] numEnd;
    int nums;
    /** Starts of the runs of letters, digits and "_" that are 9 or 17 chars long: DEA and VIN candidates. */
    int[] codeStart = new int[8];
    int codes;

    private static final byte OTHER = 0;
    private static final byte DIGIT = 1;
    private static final byte LETTER = 2;
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ASCII_CLASS[c] = DIGIT;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_CLASS[c] = LETTER;
            ASCII_CLASS[c - 32] = LETTER;
        }
    }

    private TextScan(String text) {
        this.text = text;
        this.length = text.length();
        this.chars = text.toCharArray();
        int guess = Math.max(16, length / 5);
        wordStart = new int[guess];
        wordEnd = new int[guess];
        wordBits = new long[guess];
        numStart = new int[guess / 4];
        numEnd = new int[guess / 4];
    }

    static TextScan of(String text) {
        TextScan s = new TextScan(text);
        s.scan();
        return s;
    }

    private void scan() {
        char[] t = chars;
        int n = length;
        int i = 0;
        int codeFrom = 0; // start of the current run of letters, digits and "_"
        while (i < n) {
            char c = t[i];
            int cls = c < 128 ? ASCII_CLASS[c] : Character.isLetter(c) ? LETTER : OTHER;
            if (cls == DIGIT) {
                int s = i;
                do {
                    i++;
                } while (i < n && isDigit(t[i]));
                addNum(s, i);
            } else if (cls == LETTER) {
                int s = i;
                do {
                    i++;
                } while (i < n && isLetter(t[i]));
                addWord(s, i);
            } else {
                if (c != '_') {
                    endCode(codeFrom, i);
                    codeFrom = i + 1;
                }
                i++;
            }
        }
        endCode(codeFrom, n);
    }

    private void endCode(int s, int e) {
        int len = e - s;
        if (len == 9 || len == 17) {
            if (codes == codeStart.length) {
                codeStart = Arrays.copyOf(codeStart, codes * 2);
            }
            codeStart[codes++] = s;
        }
    }

    private void addWord(int s, int e) {
        if (words == wordStart.length) {
            wordStart = Arrays.copyOf(wordStart, words * 2);
            wordEnd = Arrays.copyOf(wordEnd, words * 2);
            wordBits = Arrays.copyOf(wordBits, words * 2);
        }
        wordStart[words] = s;
        wordEnd[words] = e;
        wordBits[words++] = e - s <= CueWords.MAX_LENGTH ? CueWords.TRIE.lookup(chars, s, e) : 0;
    }

    private void addNum(int s, int e) {
        if (nums == numStart.length) {
            numStart = Arrays.copyOf(numStart, nums * 2);
            numEnd = Arrays.copyOf(numEnd, nums * 2);
        }
        numStart[nums] = s;
        numEnd[nums++] = e;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        if (c < 128) {
            return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        }
        return Character.isLetter(c);
    }

    static boolean isUpper(char c) {
        return c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
    }

    /** A regex {@code \w} char (ASCII letter, digit, underscore). */
    static boolean isWordChar(char c) {
        return c < 128 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c >= '0' && c <= '9' || c == '_');
    }

    /** Index of the first digit run starting at or after {@code pos} (binary search). */
    int firstNumFrom(int pos) {
        int lo = 0;
        int hi = nums;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (numStart[mid] < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether a digit occurs in [from, to): cue words whose pattern needs a number soon after them. */
    boolean digitWithin(int from, int to) {
        int k = firstNumFrom(from);
        return k < nums && numStart[k] < to;
    }

    /** Whether word k starts and ends on a regex word boundary (no digit or "_" glued to it). */
    static boolean isLetterBoundary(TextScan scan, int k) {
        return !isWordChar(scan.at(scan.wordStart[k] - 1)) && !isWordChar(scan.at(scan.wordEnd[k]));
    }

    char at(int i) {
        return i >= 0 && i < length ? text.charAt(i) : '\0';
    }

    /** Index of the first word starting at or after {@code pos} (binary search). */
    int firstWordFrom(int pos) {
        int lo = 0;
        int hi = words;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (wordStart[mid] < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
