package org.signet.kit;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * How a service applies a record it consumed from Kafka when applying fails: the database restarting or failing
 * over is a matter of seconds, so the work is retried with back-off for up to {@link #RETRY_FOR}, and only then
 * fails (the caller nacks: the channel stops without committing, health turns DOWN, and the record is redelivered
 * after a restart). The budget stays under the throttled commit strategy's 60 s limit for a record awaiting its
 * acknowledgement, past which the connector fails the channel itself. Applying must be idempotent, as a
 * redelivery already requires.
 */
public final class ConsumedRecords {

    /** How long one record is retried before it is given up to redelivery. */
    public static final Duration RETRY_FOR = Duration.ofSeconds(40);

    private ConsumedRecords() {}

    /** {@code apply}, retried (resubscribed) on failure with back-off from 200 ms to 5 s for {@link #RETRY_FOR}. */
    public static <T> Uni<T> retriedThroughOutages(Uni<T> apply) {
        return apply.onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .expireIn(RETRY_FOR.toMillis());
    }
}
