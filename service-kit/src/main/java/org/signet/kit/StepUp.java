package org.signet.kit;

import java.time.Duration;
import java.time.Instant;
import org.signet.contracts.ProblemTypes;

/**
 * Step-up authentication for changes that widen what data may flow: the caller's token must come from a sign-in at
 * most {@code maxAge} old (its {@code auth_time} claim, which Keycloak sets when the user authenticates and renews
 * only on a fresh sign-in, e.g. one asked for with {@code max_age=0}). A refresh keeps the old {@code auth_time}, so
 * a long-lived session cannot widen anything without signing in again.
 */
public final class StepUp {

    /**
     * How far ahead of this service's clock a sign-in may appear and still count as just now: the clocks of Keycloak
     * and of Signet's services may disagree by two minutes (issue 23's skew), plus a margin. Never added to the
     * maximum age: a clock that runs ahead makes a sign-in look older, which refuses sooner, never later.
     */
    public static final Duration TOLERATED_CLOCK_SKEW = Duration.ofSeconds(150);

    private StepUp() {}

    /** Thrown when the sign-in is too old or its time unknown; answered 401 with RFC 9470's challenge. */
    public static final class Required extends DomainException {

        private final long maxAgeSeconds;

        Required(String action, long maxAgeSeconds) {
            super(ProblemTypes.STEP_UP_REQUIRED, "Fresh sign-in required", 401, action + " widens what data may flow: "
                    + "sign in again (at most " + maxAgeSeconds + " s before the change) and repeat it.");
            this.maxAgeSeconds = maxAgeSeconds;
        }

        public long maxAgeSeconds() {
            return maxAgeSeconds;
        }
    }

    /**
     * @param authTime the token's {@code auth_time} claim (epoch seconds, as a Number or a JSON number), or null
     * @param action   what is being done, in fixed words ("Enabling a remote provider")
     * @throws Required when the sign-in is older than {@code maxAge} or has no time
     */
    public static void require(Object authTime, Duration maxAge, String action, Instant now) {
        Long seconds = epochSeconds(authTime);
        if (seconds != null) {
            Instant signedIn = Instant.ofEpochSecond(seconds);
            if (!signedIn.isBefore(now.minus(maxAge)) && !signedIn.isAfter(now.plus(TOLERATED_CLOCK_SKEW))) {
                return;
            }
        }
        throw new Required(action, maxAge.toSeconds());
    }

    private static Long epochSeconds(Object claim) {
        if (claim instanceof Number number) {
            return number.longValue();
        }
        if (claim == null) {
            return null;
        }
        try {
            return Long.valueOf(claim.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
