package org.signet.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EhrClockTest {

    private static final Instant SENT = Instant.parse("2026-12-07T12:00:00Z");
    private static final Instant RECEIVED = SENT.plusMillis(200);

    private static Optional<String> date(Instant at) {
        return Optional.of(DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
    }

    @Test
    void anEhrTwoMinutesAheadIsFollowed() {
        EhrClock clock = new EhrClock();
        clock.observe(date(SENT.plusSeconds(120)), SENT, RECEIVED);
        assertTrue(clock.offset().minusSeconds(120).abs().toMillis() <= 1_000, clock.offset().toString());
        Duration ahead = Duration.between(Instant.now(), clock.now());
        assertTrue(ahead.toSeconds() >= 119 && ahead.toSeconds() <= 121, ahead.toString());
    }

    @Test
    void anEhrTwoMinutesBehindIsFollowed() {
        EhrClock clock = new EhrClock();
        clock.observe(date(SENT.minusSeconds(120)), SENT, RECEIVED);
        assertTrue(clock.offset().plusSeconds(120).abs().toMillis() <= 1_000, clock.offset().toString());
    }

    @Test
    void aFewSecondsOfDifferenceAreNoiseAndKeepTheHostsClock() {
        EhrClock clock = new EhrClock();
        clock.observe(date(SENT.plusSeconds(3)), SENT, RECEIVED);
        assertEquals(Duration.ZERO, clock.offset());
    }

    @Test
    void aClockSetRightAgainIsFollowedBack() {
        EhrClock clock = new EhrClock();
        clock.observe(date(SENT.plusSeconds(120)), SENT, RECEIVED);
        clock.observe(date(SENT), SENT, RECEIVED);
        assertEquals(Duration.ZERO, clock.offset());
    }

    @Test
    void noDateOrAnUnreadableOneChangesNothing() {
        EhrClock clock = new EhrClock();
        clock.observe(date(SENT.plusSeconds(120)), SENT, RECEIVED);
        Duration learned = clock.offset();
        clock.observe(Optional.empty(), SENT, RECEIVED);
        clock.observe(Optional.of("yesterday at noon"), SENT, RECEIVED);
        assertEquals(learned, clock.offset());
    }
}
