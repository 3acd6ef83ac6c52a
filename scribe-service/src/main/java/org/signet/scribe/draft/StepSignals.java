package org.signet.scribe.draft;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the event streams of a job when this process records one of its steps, so a stream reads the new event
 * at once instead of polling the database on a timer. The database stays the only source of events: a signal
 * carries nothing, and a stream still re-reads on a slow timer for jobs another replica runs.
 */
@ApplicationScoped
public class StepSignals {

    /** One per watched job: a counter of steps recorded since watching began, and how many streams watch. */
    private static final class Signal {
        long version;
        int watchers;
    }

    private final ConcurrentHashMap<UUID, Signal> signals = new ConcurrentHashMap<>();

    /** A stream starts watching {@code job}; pair with {@link #unwatch}. Returns the current version. */
    public long watch(UUID job) {
        Signal signal = signals.compute(job, (id, existing) -> {
            Signal s = existing == null ? new Signal() : existing;
            s.watchers++;
            return s;
        });
        synchronized (signal) {
            return signal.version;
        }
    }

    public void unwatch(UUID job) {
        signals.computeIfPresent(job, (id, signal) -> --signal.watchers == 0 ? null : signal);
    }

    /** A step of {@code job} was committed. Cheap when nobody watches it. */
    public void fire(UUID job) {
        Signal signal = signals.get(job);
        if (signal != null) {
            synchronized (signal) {
                signal.version++;
                signal.notifyAll();
            }
        }
    }

    /**
     * Waits until a step newer than {@code seen} is signalled or {@code max} elapses; returns the version now.
     * Call between {@link #watch} and {@link #unwatch}.
     */
    public long await(UUID job, long seen, Duration max) throws InterruptedException {
        Signal signal = signals.get(job);
        if (signal == null) {
            Thread.sleep(max.toMillis());
            return seen;
        }
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (signal) {
            long left;
            while (signal.version == seen && (left = deadline - System.nanoTime()) > 0) {
                signal.wait(Math.max(1, left / 1_000_000));
            }
            return signal.version;
        }
    }
}
