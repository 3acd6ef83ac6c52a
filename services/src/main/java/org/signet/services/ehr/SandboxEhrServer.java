package org.signet.services.ehr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.signet.services.process.ManagedProcess;
import org.signet.services.process.Ports;

/** Starts {@link SandboxEhrMain} in a child JVM (its Jetty never meets a Quarkus classpath) and waits for it. */
public final class SandboxEhrServer implements AutoCloseable {

    /** The {@code aud} realm {@code ehr} puts in the adapter's tokens, and the sandbox requires. */
    public static final String AUDIENCE = "sandbox-ehr";

    private static final HttpClient ADMIN_HTTP = HttpClient.newHttpClient();
    private static final Pattern READY = Pattern.compile("SANDBOX_EHR_READY port=(\\d+)(?: admin_port=(\\d+))?");

    private final ManagedProcess process;
    private final int port;
    private final int adminPort;

    /** A handle on one started by another class loader of this JVM (Quarkus test restarts); it owns nothing. */
    public static SandboxEhrServer attach(int port, int adminPort) {
        return new SandboxEhrServer(null, port, adminPort);
    }

    public int adminPort() {
        return adminPort;
    }

    private SandboxEhrServer(ManagedProcess process, int port, int adminPort) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
    }

    /**
     * @param adminPort   port of the admin endpoints (0 = any free port)
     * @param issuer      realm {@code ehr}'s issuer URL; tokens are verified against it. Null starts it open (no
     *                    authorization at all), as a public test server is: tests of "any FHIR server" only
     * @param enableAdmin reset, fault switch and request log endpoints (tests and the demo)
     * @param launchApp   the SMART app its EHR page launches, or null
     */
    public static SandboxEhrServer start(Path dir, int port, int adminPort, String issuer, Path seedDir,
            boolean enableAdmin, SandboxEhr.LaunchApp launchApp, Path logFile) {
        int fhirPort = Ports.claim(port, "Sandbox EHR");
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(fhirPort),
                "--admin-port", String.valueOf(enableAdmin ? Ports.claim(adminPort, "Sandbox EHR admin") : 0),
                "--seed-dir", seedDir.toString(), "--request-log", dir.resolve("requests.jsonl").toString()));
        if (issuer != null) {
            args.addAll(List.of("--issuer", issuer, "--audience", AUDIENCE));
        }
        if (enableAdmin) {
            args.add("--enable-reset");
        }
        Map<String, String> env = new HashMap<>();
        if (launchApp != null) {
            args.addAll(List.of("--launch-app", launchApp.clientId() + "=" + launchApp.launchUrl()));
            env.put(SandboxEhrMain.LAUNCH_SECRET_VARIABLE, launchApp.secret());
        }
        ManagedProcess process = ManagedProcess.start("sandbox-ehr",
                ManagedProcess.javaCommand(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"),
                        SandboxEhrMain.class.getName(), args),
                dir, env, logFile);
        Matcher ready = process.awaitLogLine(READY, Duration.ofSeconds(90));
        return new SandboxEhrServer(process, Integer.parseInt(ready.group(1)),
                ready.group(2) == null ? -1 : Integer.parseInt(ready.group(2)));
    }

    /** The FHIR base URL, e.g. {@code http://127.0.0.1:8190/fhir}. */
    public String fhirBaseUrl() {
        return fhirBaseUrl(port);
    }

    /** The FHIR base URL of a sandbox on {@code port}. */
    public static String fhirBaseUrl(int port) {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    /** Admin endpoints ({@code /admin/reset}, {@code /admin/faults}, {@code /admin/requests}); -1 port if off. */
    public String adminBaseUrl() {
        return "http://127.0.0.1:" + adminPort + "/admin";
    }

    /**
     * One call to the admin endpoints (tests: faults, request log, loading test data); the answer's body. A refusal
     * or an unreachable server throws.
     */
    public String admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminBaseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = ADMIN_HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " /admin" + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox EHR's admin endpoint did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling the sandbox EHR's admin endpoint", e);
        }
    }

    public int port() {
        return port;
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
