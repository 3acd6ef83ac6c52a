package org.signet.services.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where backing services keep data and logs. One run directory per test JVM or per {@code bin/signet up}, so
 * nothing lands in {@code /tmp} defaults and every log of a run is in one place. Caches that survive runs
 * (the built Keycloak) live under {@link #cacheDir()}.
 */
public final class RunDirectory {

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** A fresh directory {@code base/<label>-<timestamp>}. */
    public static RunDirectory create(Path base, String label) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        return at(base.resolve(label + "-" + stamp));
    }

    public static RunDirectory at(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + root, e);
        }
        return new RunDirectory(root.toAbsolutePath());
    }

    /**
     * The run directory for a test JVM: {@code -Dsignet.run.dir} if set, else {@code target/signet-test-run/…}
     * of the module under test (Maven runs tests with the module as working directory).
     */
    public static RunDirectory forTests() {
        String configured = System.getProperty("signet.run.dir");
        if (configured != null && !configured.isBlank()) {
            return at(Path.of(configured));
        }
        return create(Path.of("target", "signet-test-run"), "test");
    }

    /** {@code ~/.signet} unless {@code SIGNET_HOME} says otherwise. */
    public static Path signetHome() {
        String home = System.getenv("SIGNET_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".signet");
    }

    /** Survives runs: unpacked and built distributions. */
    public static Path cacheDir() {
        return signetHome().resolve("cache");
    }

    /** Survives runs, never in the repository: generated local key material. */
    public static Path keysDir() {
        return signetHome().resolve("keys");
    }

    /** The checkout this JVM runs in: the nearest ancestor of the working directory with pom.xml and services/. */
    public static Path repoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("services"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside a Signet checkout: " + start);
    }

    public Path root() {
        return root;
    }

    /** A sub-directory, created if missing. */
    public Path dir(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    public Path logFile(String service) {
        return dir("logs").resolve(service + ".log");
    }
}
