package org.signet.services.process;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process started by a launcher: output goes to a log file in the run directory, readiness is awaited
 * explicitly, and stopping it (by its process id, children first) is guaranteed on JVM exit.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final List<ManagedProcess> RUNNING = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ManagedProcess::stopAll, "signet-stop-children"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    /** Where this process's output begins in its log: a restarted service appends to the log of the last. */
    private final long logStart;

    private ManagedProcess(String name, Process process, Path logFile, long logStart) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
    }

    /** Starts {@code command}; stdout and stderr go to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
            Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        try {
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            ManagedProcess started = new ManagedProcess(name, builder.start(), logFile, logStart);
            RUNNING.add(started);
            return started;
        } catch (IOException e) {
            throw new BackingServiceException(name + " cannot start (" + e.getMessage() + "): check that "
                    + command.get(0) + " exists and is executable.", e);
        }
    }

    /** A {@code java} command running {@code mainClass} on the services module's own classpath. */
    public static List<String> javaCommand(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The classpath carries JBoss LogManager (from the Quarkus test libraries); say so before anything logs.
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(ServicesClasspath.get());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until a line of the log matches {@code pattern}; returns the match. */
    public Matcher awaitLogLine(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Matcher> match = readLog().lines().map(pattern::matcher).filter(Matcher::find).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            failIfDead();
            sleep(100);
        }
        throw notReady(timeout);
    }

    /** Waits until {@code url} answers 200. */
    public void awaitHttpOk(URI url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackingServiceException(name + ": interrupted while waiting for " + url, e);
            }
            failIfDead();
            sleep(250);
        }
        throw notReady(timeout);
    }

    /** Stops the process and its descendants: politely, then forcibly after {@code grace}. */
    public void stop(Duration grace) {
        if (!RUNNING.remove(this) && !process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills without warning, as a crash would (for fault tests). */
    public void kill() {
        RUNNING.remove(this);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    public static void stopAll() {
        List<ManagedProcess> running = new ArrayList<>(RUNNING);
        // Reverse start order: services before the infrastructure they depend on.
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).stop(Duration.ofSeconds(15));
        }
    }

    public String tail(int lines) {
        List<String> all = readLog().lines().toList();
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** This process's own output (not an earlier one's before a restart). */
    private String readLog() {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void failIfDead() {
        if (!process.isAlive()) {
            RUNNING.remove(this);
            throw new BackingServiceException(name + " exited with code " + process.exitValue()
                    + " before it was ready; see " + logFile + ". Last lines:" + System.lineSeparator() + tail(15));
        }
    }

    private BackingServiceException notReady(Duration timeout) {
        stop(Duration.ofSeconds(5));
        return new BackingServiceException(name + " was not ready within " + timeout.toSeconds() + " s; see "
                + logFile + ". Last lines:" + System.lineSeparator() + tail(15));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackingServiceException("interrupted", e);
        }
    }

    /** The classpath of the services module for child JVMs: its classes plus the file Maven wrote at build. */
    static final class ServicesClasspath {
        private static volatile String value;

        static String get() {
            if (value == null) {
                value = compute();
            }
            return value;
        }

        private static String compute() {
            try (var in = ManagedProcess.class.getResourceAsStream("/signet-services.classpath")) {
                if (in == null) {
                    throw new BackingServiceException("signet-services.classpath is missing from the services "
                            + "module; rebuild it with `mvn -pl services install`.");
                }
                String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                String self = Path.of(ManagedProcess.class.getProtectionDomain().getCodeSource().getLocation()
                        .toURI()).toString();
                return self + File.pathSeparator + dependencies;
            } catch (IOException | java.net.URISyntaxException e) {
                throw new BackingServiceException("cannot read the services classpath: " + e.getMessage(), e);
            }
        }
    }
}
