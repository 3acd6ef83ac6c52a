package org.signet.signoff.mapping;

/** How far a signed note moved from its AI draft, in words, computed on the pseudonymized texts. */
public final class WordEdits {

    /** Word-level edit distance and its ratio to the longer text (0: unchanged, 1: nothing kept). */
    public record Result(int draftWords, int finalWords, int distance, double ratio) {}

    private WordEdits() {}

    public static Result compare(String draft, String signed) {
        String[] a = words(draft);
        String[] b = words(signed);
        int distance = levenshtein(a, b);
        int longer = Math.max(a.length, b.length);
        return new Result(a.length, b.length, distance, longer == 0 ? 0.0 : (double) distance / longer);
    }

    /** Whitespace-separated words; a token like {@code [[PATIENT_NAME_1]]} is one word. */
    static String[] words(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    /** Insertions, deletions and substitutions of whole words; two rows of memory. */
    static int levenshtein(String[] a, String[] b) {
        if (a.length < b.length) {
            String[] t = a;
            a = b;
            b = t;
        }
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            current[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int substitution = previous[j - 1] + (a[i - 1].equals(b[j - 1]) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length];
    }
}
