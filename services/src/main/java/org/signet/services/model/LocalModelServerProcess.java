package org.signet.services.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.signet.services.process.ManagedProcess;
import org.signet.services.process.Ports;

/**
 * Starts {@link LocalModelServerMain} in a child JVM (llama.cpp's native code never shares a JVM with a Quarkus
 * test) and waits for its ready line.
 */
public final class LocalModelServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(LocalModelServerMain.READY_MARKER + " port=(\\d+)");

    private final ManagedProcess process;
    private final int port;
    private final String modelName;

    /** A handle on one started by another class loader of this JVM (Quarkus test restarts); it owns nothing. */
    public static LocalModelServerProcess attach(int port, String modelName) {
        return new LocalModelServerProcess(null, port, modelName);
    }

    private LocalModelServerProcess(ManagedProcess process, int port, String modelName) {
        this.process = process;
        this.port = port;
        this.modelName = modelName;
    }

    /**
     * @param dir         working directory; the native library is unpacked into {@code dir/tmp}
     * @param port        0 = any free port
     * @param model       a GGUF file
     * @param modelName   the id clients see, or null for the file name
     * @param recordFile  test mode: where every request body is appended (enables {@code /admin/requests}); or null
     * @param apiKey      the bearer key clients must send, or null for none (passed by environment, not argv)
     * @param extraArgs   further {@link LocalModelServerMain} arguments, e.g. {@code --threads 2}
     */
    public static LocalModelServerProcess start(Path dir, int port, Path model, String modelName, Path recordFile,
            String apiKey, List<String> extraArgs, Path logFile) {
        int listenPort = Ports.claim(port, "Local model server");
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(listenPort),
                "--model", model.toAbsolutePath().toString()));
        if (modelName != null) {
            args.addAll(List.of("--model-name", modelName));
        }
        if (recordFile != null) {
            args.addAll(List.of("--record-requests", recordFile.toAbsolutePath().toString()));
        }
        args.addAll(extraArgs);
        Map<String, String> env = new HashMap<>();
        if (apiKey != null) {
            env.put("LOCAL_MODEL_API_KEY", apiKey);
        }
        Path tmp = dir.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
        ManagedProcess process = ManagedProcess.start("local-model",
                ManagedProcess.javaCommand(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                                "-Djava.io.tmpdir=" + tmp.toAbsolutePath()),
                        LocalModelServerMain.class.getName(), args),
                dir, env, logFile);
        int actual = Integer.parseInt(process.awaitLogLine(READY, Duration.ofSeconds(60)).group(1));
        return new LocalModelServerProcess(process, actual,
                modelName != null ? modelName : model.getFileName().toString());
    }

    public int port() {
        return port;
    }

    /** What OpenAI clients take as base URL, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    public String modelName() {
        return modelName;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.stop(Duration.ofSeconds(15));
    }
}
