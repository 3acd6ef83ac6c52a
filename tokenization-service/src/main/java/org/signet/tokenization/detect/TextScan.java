package org.signet.tokenization.detect;

import java.util.Arrays;

/**
 * One pass over a text, shared by the recognizers of a {@link PhiDetector} call: the runs of letters ("words")
 * and of ASCII digits ("numbers"). Recognizers use these runs as cheap triggers and run their anchored patterns
 * only where a trigger fires, instead of scanning every pattern over the whole text. The words that are cue words
 * are also listed apart ({@link #cueWord}): most words are not, and recognizers that start at a cue visit only those.
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
    /** Index of the first digit run after each word (== nums when none follows). */
    private int[] numAfterWord;
    int words;
    /** Indices of the words that have {@link CueWords} bits, in text order: recognizers visit only these. */
    int[] cueWord = new int[64];
    int cues;
    int[] numStart;
    int[] numEnd;
    /** Index of the first word after each digit run (== words when none follows). */
    private int[] wordAfterNum;
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
        numAfterWord = new int[guess];
        numStart = new int[guess / 4];
        numEnd = new int[guess / 4];
        wordAfterNum = new int[guess / 4];
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
            numAfterWord = Arrays.copyOf(numAfterWord, words * 2);
        }
        numAfterWord[words] = nums; // runs found so far lie before this word, the next one after it
        wordStart[words] = s;
        wordEnd[words] = e;
        long bits = e - s <= CueWords.MAX_LENGTH ? CueWords.TRIE.lookup(chars, s, e) : 0;
        wordBits[words] = bits;
        if (bits != 0) {
            if (cues == cueWord.length) {
                cueWord = Arrays.copyOf(cueWord, cues * 2);
            }
            cueWord[cues++] = words;
        }
        words++;
    }

    private void addNum(int s, int e) {
        if (nums == numStart.length) {
            numStart = Arrays.copyOf(numStart, nums * 2);
            numEnd = Arrays.copyOf(numEnd, nums * 2);
            wordAfterNum = Arrays.copyOf(wordAfterNum, nums * 2);
        }
        wordAfterNum[nums] = words;
        numStart[nums] = s;
        numEnd[nums++] = e;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether the text is written in capitals: -1 until a recognizer first asks ({@link #shouting()}). */
    private int shouting = -1;

    /** Whether the text is written in capitals: fewer than one letter in five is lower-case (computed once). */
    boolean shouting() {
        if (shouting < 0) {
            shouting = VocabularyRecognizer.shouting(text) ? 1 : 0;
        }
        return shouting == 1;
    }

    /** Starts and ends of the {@link #joinWords joined words}; {@code joined} is -1 until they are computed. */
    int[] joinedStart;
    int[] joinedEnd;
    int joined = -1;
    /**
     * Each joined word's lower-case hash ({@link PackedWordTable#hashLower}), 0 until first asked: every word table
     * is a {@link PackedWordTable}, so a word is hashed once however many tables and rules ask about it.
     */
    private long[] joinedHash;
    /** Each joined word's {@link Vocabulary} bits, -1 until first asked. */
    private int[] joinedVocabulary;

    /** The lower-case hash of joined word i, to look it up in any {@link PackedWordTable}. */
    long joinedHash(int i) {
        long h = joinedHash[i];
        return h != 0 ? h : (joinedHash[i] = PackedWordTable.hashLower(text, joinedStart[i], joinedEnd[i]));
    }

    /** The {@link Vocabulary} bits of joined word i. */
    int joinedVocabulary(int i) {
        int b = joinedVocabulary[i];
        return b >= 0 ? b : (joinedVocabulary[i] = Vocabulary.WORDS.find(joinedHash(i)));
    }

    /**
     * The words as names are written: letter runs joined over an inner "'" or "-" ("O'Brien", "Mary-Jo"); letters
     * glued to a digit (any script's) are a code, not a word, and are left out. Computed once per scan, when the
     * first recognizer that reads words asks.
     */
    void joinWords() {
        if (joined >= 0) {
            return;
        }
        int n = length;
        joinedStart = new int[words];
        joinedEnd = new int[words];
        int size = 0;
        int skipUntil = 0;
        for (int k = 0; k < words; k++) {
            int s = wordStart[k];
            if (s < skipUntil) {
                continue;
            }
            int e = wordEnd[k];
            while (k + 1 < words && wordStart[k + 1] == e + 1 && (chars[e] == '\'' || chars[e] == '-')) {
                e = wordEnd[++k];
            }
            if (e < n && anyDigit(chars[e]) || s > 0 && anyDigit(chars[s - 1])) {
                while (e < n && Character.isLetterOrDigit(chars[e])) {
                    e++;
                }
                skipUntil = e; // alphanumeric codes are not words
                continue;
            }
            joinedStart[size] = s;
            joinedEnd[size++] = e;
        }
        joined = size;
        joinedHash = new long[size];
        joinedVocabulary = new int[size];
        Arrays.fill(joinedVocabulary, -1);
    }

    private static boolean anyDigit(char c) {
        return c < 128 ? c >= '0' && c <= '9' : Character.isDigit(c);
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

    /** A regex {@code \s} char. */
    static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** A regex {@code \w} char (ASCII letter, digit, underscore). */
    static boolean isWordChar(char c) {
        return c < 128 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c >= '0' && c <= '9' || c == '_');
    }

    /** Whether a digit occurs within {@code chars} chars after word k: cue words whose pattern needs a number. */
    boolean digitAfterWord(int k, int chars) {
        int j = numAfterWord[k];
        return j < nums && numStart[j] < wordEnd[k] + chars;
    }

    /** Whether digit run j exists, is {@code length} digits long and starts one (separator) char after {@code end}. */
    boolean numAfterSeparator(int j, int end, int length) {
        return j < nums && numStart[j] == end + 1 && numEnd[j] - numStart[j] == length;
    }

    /** Index of the first digit run after word k, or {@link #nums} when there is none. */
    int numAfterWord(int k) {
        return numAfterWord[k];
    }

    /** Whether word k starts and ends on a regex word boundary (no digit or "_" glued to it). */
    static boolean isLetterBoundary(TextScan scan, int k) {
        return !isWordChar(scan.at(scan.wordStart[k] - 1)) && !isWordChar(scan.at(scan.wordEnd[k]));
    }

    char at(int i) {
        return i >= 0 && i < length ? text.charAt(i) : '\0';
    }

    /** Index of the first word after digit run k, or {@link #words} when there is none. */
    int wordAfterNum(int k) {
        return wordAfterNum[k];
    }

    /**
     * {@code max(lo, index of the first word starting at or after pos)}, found by walking from {@code lo}: callers
     * look back only a few words, so a walk is cheaper than a binary search over all of them.
     */
    int firstWordFrom(int pos, int lo) {
        int k = Math.max(lo, 0);
        while (k < words && wordStart[k] < pos) {
            k++;
        }
        return k;
    }
}
