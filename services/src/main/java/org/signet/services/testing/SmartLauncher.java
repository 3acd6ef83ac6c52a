package org.signet.services.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.signet.services.process.BackingServiceException;
import org.signet.services.process.ManagedProcess;
import org.signet.services.process.Ports;
import org.signet.services.process.RunDirectory;

/**
 * smart-launcher-v2, the SMART community's test EHR, read from {@code ../shared/tools/smart-launcher} (never copied
 * into the repository): installed once with {@code npm ci} into the cache ({@code ~/.signet/cache/smart-launcher-<its
 * source version>}) and started on a free port against the sandbox EHR's FHIR base. Needs Node 18 or later; {@link
 * #available} says whether this machine has it.
 */
public final class SmartLauncher implements AutoCloseable {

    /** The launch types of its launch codec ({@code src/isomorphic/codec.ts}). */
    public static final int PROVIDER_EHR_LAUNCH = 0;
    public static final int PROVIDER_STANDALONE_LAUNCH = 2;

    private final ManagedProcess process;
    private final int port;

    private SmartLauncher(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The launcher's sources beside the repository. */
    public static Path source() {
        return RunDirectory.repoRoot().resolve("../shared/tools/smart-launcher").normalize();
    }

    /** Why the launcher cannot run here, or null when it can (its sources, and Node 18 or later). */
    public static String unavailableBecause() {
        if (!Files.isRegularFile(source().resolve("package-lock.json"))) {
            return "smart-launcher is not at " + source();
        }
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!node.waitFor(20, TimeUnit.SECONDS) || node.exitValue() != 0) {
                return "node --version failed";
            }
            int major = Integer.parseInt(version.replaceFirst("^v(\\d+).*$", "$1"));
            return major >= 18 ? null : "Node " + version + " is older than 18";
        } catch (IOException | NumberFormatException e) {
            return "Node is not installed (apt-get install nodejs npm)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public static boolean available() {
        return unavailableBecause() == null;
    }

    /** Installs it if needed and starts it against {@code fhirBase}. */
    public static SmartLauncher start(RunDirectory run, String fhirBase) {
        Path home = installed();
        int port = Ports.free();
        ManagedProcess process = ManagedProcess.start("smart-launcher", List.of("sh", home.resolve("start-launcher.sh")
                        .toString()), home, Map.of("PORT", String.valueOf(port), "FHIR_SERVER_R4", fhirBase),
                run.logFile("smart-launcher"));
        SmartLauncher launcher = new SmartLauncher(process, port);
        process.awaitHttpOk(URI.create(launcher.ehrIssuer() + "/.well-known/smart-configuration"),
                Duration.ofSeconds(60));
        return launcher;
    }

    /** The FHIR base of its EHR launches: the {@code iss} it sends apps. */
    public String ehrIssuer() {
        return "http://127.0.0.1:" + port + "/v/r4/fhir";
    }

    /** The FHIR base an app uses for a standalone launch whose options are {@code launch} ({@link #launch}). */
    public String standaloneIssuer(String launch) {
        return "http://127.0.0.1:" + port + "/v/r4/sim/" + launch + "/fhir";
    }

    /**
     * A launch value: the 17 launch settings its codec reads, as base64url JSON. Patient and provider are always
     * given (its pickers need the internet); login and the authorization page are skipped, as a signed-in EHR does.
     */
    public static String launch(int type, String patient, String provider, String encounter) {
        String json = "[" + type + ",\"" + patient + "\",\"" + provider + "\",\"" + encounter
                + "\",1,1,0,\"\",\"\",\"\",\"\",\"\",\"\",\"\",0,1,\"\"]";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The installed copy in the cache, made (copy + {@code npm ci}) under a lock the first time. */
    private static Path installed() {
        Path source = source();
        String version;
        try {
            version = Files.readString(source.resolve(".source_version")).trim();
        } catch (IOException e) {
            version = "unversioned";
        }
        Path home = RunDirectory.cacheDir().resolve("smart-launcher-" + version);
        try {
            Files.createDirectories(home.getParent());
            try (FileChannel channel = FileChannel.open(home.resolveSibling(home.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                if (Files.exists(home.resolve(".signet-installed"))) {
                    return home;
                }
                copy(source, home);
                ProcessBuilder ci = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(home.toFile())
                        .redirectErrorStream(true).redirectOutput(home.resolve("npm-ci.log").toFile());
                ci.environment().put("SOURCE_VERSION", version);
                Process npm = ci.start();
                npm.getOutputStream().close();
                if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new BackingServiceException("npm ci for smart-launcher failed; see " + home.resolve("npm-ci.log"));
                }
                Files.writeString(home.resolve(".signet-installed"), "npm ci done\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install smart-launcher into " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackingServiceException("interrupted installing smart-launcher", e);
        }
        return home;
    }

    private static void copy(Path from, Path to) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.filter(p -> !from.relativize(p).startsWith("node_modules")).forEach(files::add);
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
                Files.createDirectories(target);
            } else {
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
