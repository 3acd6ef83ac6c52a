package org.signet.adapter.service;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.signet.adapter.client.EhrException;
import org.signet.adapter.client.Reidentification;

/**
 * One round of write-back tries, retried by SmallRye Fault Tolerance: a transient failure (the EHR or the vault
 * unreachable, an EHR error that is not a rejection) is tried again after a pause that doubles; a permanent one
 * ends the round at once. How many tries and how long the pauses are is configuration
 * ({@code quarkus.fault-tolerance."org.signet.adapter.service.WriteBackRound/run".*} in application.properties), as
 * is the scheduled retry of a round that failed ({@code signet.adapter.write-back.retry-interval}).
 */
@ApplicationScoped
public class WriteBackRound {

    /** Runs {@code attempt}, again while it fails transiently, as configured; then its result or its last failure. */
    @Retry
    @ExponentialBackoff
    @RetryWhen(exception = Transient.class)
    public <T> T run(Supplier<T> attempt) {
        return attempt.get();
    }

    /** Whether a failed try may succeed if tried again. */
    public static final class Transient implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            if (failure instanceof NoteFiler.PermanentFailure) {
                return false;
            }
            if (failure instanceof EhrException ehr) {
                return ehr.kind() != EhrException.Kind.REJECTED;
            }
            if (failure instanceof Reidentification.ReidentificationException vault) {
                return vault.retryable();
            }
            return failure instanceof RuntimeException;
        }
    }
}
