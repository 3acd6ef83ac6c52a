package org.signet.services.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A service process whose wall clock is off by a fixed amount, for clock-skew tests: Debian's {@code libfaketime}
 * preloaded into the JVM shifts what {@code clock_gettime(CLOCK_REALTIME)} answers, and so {@code Instant.now()},
 * while the monotonic clock (timeouts, schedulers) runs true. Nothing else of the process changes.
 */
public final class ClockSkew {

    private static final Path LIBRARIES = Path.of("/usr/lib");
    private static final String LIBRARY = "libfaketimeMT.so.1";

    private ClockSkew() {}

    /** The preload library (multi-threaded build), where Debian's {@code libfaketime} package puts it. */
    public static Optional<Path> library() {
        if (!Files.isDirectory(LIBRARIES)) {
            return Optional.empty();
        }
        try (Stream<Path> arches = Files.list(LIBRARIES)) {
            return arches.map(arch -> arch.resolve("faketime").resolve(LIBRARY)).filter(Files::isRegularFile)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The environment that starts a process with its wall clock {@code offset} from the host's.
     *
     * @throws IllegalStateException when libfaketime is not installed ({@code apt-get install libfaketime})
     */
    public static Map<String, String> environment(Duration offset) {
        Path library = library().orElseThrow(() -> new IllegalStateException(
                "libfaketime is not installed (apt-get install libfaketime): no way to skew one process's clock"));
        long seconds = offset.toSeconds();
        return Map.of("LD_PRELOAD", library.toString(),
                "FAKETIME", (seconds < 0 ? "-" : "+") + Math.abs(seconds),
                // timers, sleeps and timeouts keep the true monotonic clock, as on a host whose NTP is off
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                // without this every timed wait of the JVM's threads goes through a slow path: start-up takes minutes
                "FAKETIME_FORCE_MONOTONIC_FIX", "0",
                // file times stay the file system's
                "NO_FAKE_STAT", "1");
    }
}
