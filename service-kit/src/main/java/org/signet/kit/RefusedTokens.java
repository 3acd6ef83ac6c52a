package org.signet.kit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Counts bearer tokens refused by local verification (unsigned, malformed, forged, expired) and says so at WARN at
 * most once a minute: worth knowing about, but anyone can send them, so they must not be able to fill the log.
 * Never logs the token itself.
 */
public final class RefusedTokens {

    private static final Logger LOG = Logger.getLogger(RefusedTokens.class);
    private static final long INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private static final AtomicLong refused = new AtomicLong();
    private static final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

    private RefusedTokens() {}

    /** Records one refused token; warns (with the count since the last warning) if a minute has passed. */
    public static void refused() {
        refused.incrementAndGet();
        long now = System.nanoTime();
        long next = nextWarning.get();
        if (now - next >= 0 && nextWarning.compareAndSet(next, now + INTERVAL_NANOS)) {
            LOG.warnf("refused %d bearer token(s) that failed local verification since the last warning "
                    + "(unsigned, malformed, forged or expired); next report in a minute at the earliest",
                    refused.getAndSet(0));
        }
    }
}
