package org.signet.tokenization.pseudo;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A {@link TokenIssuer} that keeps originals in memory, for tests and benchmarks. Thread-safe.
 * The vault is the production implementation; this one never encrypts anything.
 */
public final class InMemoryTokenIssuer implements TokenIssuer {

    private final int dateShiftDays;
    private final Map<String, String> tokenByKey = new HashMap<>();
    private final Map<String, String> originalByToken = new HashMap<>();
    private final Map<String, Integer> countByType = new HashMap<>();

    public InMemoryTokenIssuer(int dateShiftDays) {
        this.dateShiftDays = dateShiftDays;
    }

    /** An issuer whose offset is drawn uniformly from {@code [minDays, maxDays]}, never 0. */
    public static InMemoryTokenIssuer withRandomShift(int minDays, int maxDays, RandomGenerator random) {
        if (minDays > maxDays) {
            throw new IllegalArgumentException("minDays > maxDays");
        }
        int d;
        do {
            d = minDays + random.nextInt(maxDays - minDays + 1);
        } while (d == 0 && (minDays != 0 || maxDays != 0));
        return new InMemoryTokenIssuer(d);
    }

    /** An offset in the default range of ±365 days. */
    public static InMemoryTokenIssuer withRandomShift() {
        return withRandomShift(-365, 365, new Random());
    }

    @Override
    public synchronized String tokenFor(String tokenType, String original) {
        if (!Tokens.isValidType(tokenType)) {
            throw new IllegalArgumentException("bad token type " + tokenType);
        }
        String key = tokenType + "\u0000" + Tokens.normalise(tokenType, original);
        String token = tokenByKey.get(key);
        if (token == null) {
            int n = countByType.merge(tokenType, 1, Integer::sum);
            token = Tokens.format(tokenType, n);
            tokenByKey.put(key, token);
            originalByToken.put(token, original);
        }
        return token;
    }

    @Override
    public int dateShiftDays() {
        return dateShiftDays;
    }

    /** The original first seen for {@code token}, for re-identification in tests. */
    public synchronized Optional<String> originalOf(String token) {
        return Optional.ofNullable(originalByToken.get(token));
    }

    public synchronized int size() {
        return tokenByKey.size();
    }
}
