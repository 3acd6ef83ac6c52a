package org.signet.kit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StepUpTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static void require(Instant signedIn) {
        StepUp.require(signedIn.getEpochSecond(), MAX_AGE, "A test change", NOW);
    }

    @Test
    void aSignInWithinTheMaximumAgePasses() {
        assertDoesNotThrow(() -> require(NOW));
        assertDoesNotThrow(() -> require(NOW.minus(MAX_AGE)));
    }

    @Test
    void anOlderSignInIsRefusedWithTheMaximumAge() {
        StepUp.Required refused = assertThrows(StepUp.Required.class, () -> require(NOW.minus(MAX_AGE).minusSeconds(1)));
        assertEquals(300, refused.maxAgeSeconds());
    }

    @Test
    void aSignInTwoMinutesInThisServicesFutureIsAClockBehindNotAForgery() {
        // Keycloak's clock two minutes ahead of this service's: the sign-in it stamps is that far in our future
        assertDoesNotThrow(() -> require(NOW.plus(Duration.ofMinutes(2))));
        assertDoesNotThrow(() -> require(NOW.plus(StepUp.TOLERATED_CLOCK_SKEW)));
        assertThrows(StepUp.Required.class, () -> require(NOW.plus(StepUp.TOLERATED_CLOCK_SKEW).plusSeconds(1)));
    }

    @Test
    void theToleranceNeverLengthensTheMaximumAge() {
        assertThrows(StepUp.Required.class, () -> require(NOW.minus(MAX_AGE).minusSeconds(30)));
    }

    @Test
    void aSignInWithoutATimeIsRefused() {
        assertThrows(StepUp.Required.class, () -> StepUp.require(null, MAX_AGE, "A test change", NOW));
        assertThrows(StepUp.Required.class, () -> StepUp.require("yesterday", MAX_AGE, "A test change", NOW));
    }
}
