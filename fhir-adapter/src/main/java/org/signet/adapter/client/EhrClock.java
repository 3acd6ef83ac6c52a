package org.signet.adapter.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The EHR's clock, as the {@code Date} header of its responses tells it (RFC 9110 §6.6.1). The EHR's authorization
 * server judges fhir-adapter's client assertions by its own clock, allowing little skew (Keycloak: 15 s for
 * {@code iat} in the future), so an assertion is stamped on the EHR's time: a host whose clock is minutes off still
 * authenticates. Differences under {@link #IGNORED} are noise ({@code Date} has whole seconds, the round trip adds
 * more) and leave the host's clock in use.
 */
final class EhrClock {

    private static final Logger LOG = Logger.getLogger(EhrClock.class);
    static final Duration IGNORED = Duration.ofSeconds(5);

    private volatile Duration offset = Duration.ZERO;

    /** Learns the EHR's offset from a response's {@code Date}, sent and received at these host times. */
    void observe(Optional<String> date, Instant sent, Instant received) {
        if (date.isEmpty()) {
            return; // not every server sends one (Keycloak does not): what was learned stands
        }
        Instant ehrTime;
        try {
            // a whole second: the EHR's time was, on average, half a second past it
            ehrTime = ZonedDateTime.parse(date.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                    .plusMillis(500);
        } catch (DateTimeParseException e) {
            return;
        }
        Instant midway = sent.plus(Duration.between(sent, received).dividedBy(2));
        Duration measured = Duration.between(midway, ehrTime);
        Duration next = measured.abs().compareTo(IGNORED) < 0 ? Duration.ZERO : measured;
        if (next.minus(offset).abs().compareTo(IGNORED) >= 0) {
            LOG.info(next.isZero() ? "the EHR's clock agrees with this host's again"
                    : "the EHR's clock is " + next.abs().toSeconds() + " s " + (next.isNegative() ? "behind" : "ahead of")
                            + " this host's: client assertions are stamped on the EHR's time");
            offset = next;
        }
    }

    /** Now, on the EHR's clock as last observed. */
    Instant now() {
        return Instant.now().plus(offset);
    }

    Duration offset() {
        return offset;
    }
}
