package org.signet.tokenization.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/** Word lists shipped under {@code resources/detect/}, loaded once per JVM; all lookups are lower-case. */
final class Lexicon {

    static final Set<String> GIVEN = load("given-names.txt");
    static final Set<String> SURNAMES = load("surnames.txt");
    /**
     * Names from many more countries. Some are also English words ("Takes", "Went"), so on its own such a word
     * is no name: it counts only inside a two-word name or after a cue (see NameRecognizer).
     */
    static final Set<String> WORLD_NAMES = load("given-names-intl.txt", "surnames-intl.txt");
    static final Set<String> NOT_NAMES = load("not-names.txt");
    static final Set<String> PLACES = load("us-places.txt");
    /** {@link #PLACES}, looked up on a range of a text without copying it. */
    static final WordTable PLACE_NAMES = WordTable.of(PLACES);
    /** Longest place name in words, so place matching knows how far to look. */
    static final int MAX_PLACE_WORDS = PLACES.stream().mapToInt(p -> p.split(" ").length).max().orElse(1);

    static final Set<String> STATES = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI",
            "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
            "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
            "WV", "WI", "WY", "PR", "GU", "VI");

    /** Bits of {@link #nameListFlags}. */
    static final int GIVEN_NAME = 1;
    static final int SURNAME = 2;
    static final int NOT_NAME = 4;
    static final int WORLD_NAME = 8;

    private Lexicon() {
    }

    /** A set from a word list that may repeat words (Set.of would reject duplicates). */
    static Set<String> words(String... words) {
        return Set.copyOf(java.util.Arrays.asList(words));
    }

    static boolean isGiven(String lower) {
        return GIVEN.contains(lower) && !NOT_NAMES.contains(lower);
    }

    static boolean isSurname(String lower) {
        return SURNAMES.contains(lower) && !NOT_NAMES.contains(lower);
    }

    static boolean isKnownName(String lower) {
        return (GIVEN.contains(lower) || SURNAMES.contains(lower)) && !NOT_NAMES.contains(lower);
    }

    /** Every word on a name list, with the lists it is on: GIVEN_NAME | SURNAME | NOT_NAME | WORLD_NAME. */
    static Map<String, Integer> nameListFlags() {
        Map<String, Integer> m = new HashMap<>();
        GIVEN.forEach(w -> m.merge(w, GIVEN_NAME, (a, b) -> a | b));
        SURNAMES.forEach(w -> m.merge(w, SURNAME, (a, b) -> a | b));
        NOT_NAMES.forEach(w -> m.merge(w, NOT_NAME, (a, b) -> a | b));
        WORLD_NAMES.forEach(w -> m.merge(w, WORLD_NAME, (a, b) -> a | b));
        return m;
    }

    private static Set<String> load(String... files) {
        Set<String> out = new HashSet<>();
        for (String file : files) {
            loadInto(file, out);
        }
        return Set.copyOf(out);
    }

    private static void loadInto(String file, Set<String> out) {
        try (InputStream in = Lexicon.class.getResourceAsStream("/detect/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource detect/" + file);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
