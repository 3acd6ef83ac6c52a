package org.signet.kit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.Problem;
import org.signet.contracts.ProblemTypes;

/**
 * An event Kafka does not acknowledge in time (the broker restarting) fails what it records with
 * {@link AuditUnavailable}, which the caller is answered as 503 with Retry-After, not as a 500.
 */
class AuditTrailAckTest {

    /** An emitter whose every send completes as {@code acknowledgement} says; one class's stand-in for Kafka. */
    private record FakeEmitter(Supplier<CompletableFuture<Void>> acknowledgement)
            implements Emitter<Record<String, AuditEvent>> {

        @Override
        public CompletionStage<Void> send(Record<String, AuditEvent> event) {
            return acknowledgement.get();
        }

        @Override
        public <M extends Message<? extends Record<String, AuditEvent>>> void send(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {}

        @Override
        public void error(Exception e) {}

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    private static AuditTrail trail(Supplier<CompletableFuture<Void>> acknowledgement) {
        return new AuditTrail(new FakeEmitter(acknowledgement), "test-service", Duration.ofMillis(300));
    }

    private static void recordARead(AuditTrail trail) {
        trail.recordAndWait("tok-actor", "ehr.read", AuditEvent.Outcome.SUCCESS, "Patient/p-1", "drafting",
                "Observation", Map.of());
    }

    @Test
    void anAcknowledgedEventLetsTheAccessGoOn() {
        assertDoesNotThrow(() -> recordARead(trail(() -> CompletableFuture.completedFuture(null))));
    }

    @Test
    void anEventNotAcknowledgedInTimeFailsTheAccessAsUnavailable() {
        AuditUnavailable failed = assertThrows(AuditUnavailable.class,
                () -> recordARead(trail(CompletableFuture::new)));
        assertEquals("the audit trail did not acknowledge ehr.read within PT0.3S", failed.getMessage());
    }

    @Test
    void anEventTheBrokerRefusedFailsTheAccessAsUnavailable() {
        assertThrows(AuditUnavailable.class, () -> recordARead(trail(
                () -> CompletableFuture.failedFuture(new IllegalStateException("not leader")))));
    }

    @Test
    void theCallerIsToldToAskAgainLater() {
        AuditUnavailable failed = assertThrows(AuditUnavailable.class,
                () -> recordARead(trail(CompletableFuture::new)));
        // however deep the request's own layers wrapped it
        Response answer = new ProblemMapper().unexpected(new CompletionException(new IllegalStateException(failed)));
        assertEquals(503, answer.getStatus());
        assertEquals("5", answer.getHeaderString("Retry-After"));
        assertEquals(ProblemTypes.UPSTREAM_UNAVAILABLE, ((Problem) answer.getEntity()).type());
    }

    @Test
    void otherFailuresAreNoOutage() {
        assertNotNull(ProblemMapper.outage(new AuditUnavailable("x", null)));
        // a peer that outlasted the call's @Timeout
        assertNotNull(ProblemMapper.outage(new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException()));
        assertNull(ProblemMapper.outage(new IllegalStateException("a bug")));
    }
}
