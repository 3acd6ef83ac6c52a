package org.signet.services.app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SandboxEhrServer;
import org.signet.services.kafka.KafkaServer;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.process.BackingServiceException;
import org.signet.services.process.ManagedProcess;
import org.signet.services.process.RunDirectory;

/**
 * One Signet service running as its own process from its {@code quarkus-run.jar}, configured by environment for
 * the backing services of this run: the local stack runs four of these, and so do tests that cross services.
 */
public final class SignetServiceProcess implements AutoCloseable {

    private static final String APP_CDS = "app-cds.jsa";
    private static final String AOT_CACHE = "app.aot";

    /** What every service needs to know about the backing services of the run. */
    public record Backing(PostgresServer postgres, KafkaServer kafka, KeycloakServer keycloak, Ehr ehr,
            EhrClientKey ehrClientKey) {}

    /**
     * The EHR of a run: its FHIR base, how fhir-adapter authenticates there ({@code smart-backend} or {@code none}),
     * and the sandbox when it is the sandbox (which also launches Signet by SMART).
     */
    public record Ehr(String fhirBaseUrl, String auth, SandboxEhrServer sandbox) {
        public static final String SMART_BACKEND = "smart-backend";
        public static final String NONE = "none";

        public Ehr {
            if (!SMART_BACKEND.equals(auth) && !NONE.equals(auth)) {
                throw new IllegalArgumentException("EHR auth must be " + SMART_BACKEND + " or " + NONE + ", not " + auth);
            }
        }

        public static Ehr sandbox(SandboxEhrServer sandbox) {
            return new Ehr(sandbox.fhirBaseUrl(), SMART_BACKEND, sandbox);
        }

        /** Any FHIR R4 server, e.g. a hospital's test EHR or a public one ({@code none}: no credentials). */
        public static Ehr external(String fhirBaseUrl, String auth) {
            return new Ehr(fhirBaseUrl, auth, null);
        }
    }

    private final SignetModule module;
    private final int port;
    private final ManagedProcess process;

    /** A handle on one started by another class loader of this JVM (Quarkus test restarts); it owns nothing. */
    public static SignetServiceProcess attach(SignetModule module, int port) {
        return new SignetServiceProcess(module, port, null);
    }

    private SignetServiceProcess(SignetModule module, int port, ManagedProcess process) {
        this.module = module;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code module} on {@code port}; does not wait (call {@link #awaitReady}) so several can boot at once.
     *
     * @param peers    where the other services listen (their base URLs), by module
     * @param extraEnv further configuration, e.g. a test profile's switches
     */
    public static SignetServiceProcess start(Path repo, SignetModule module, int port, Backing backing,
            Map<SignetModule, String> peers, Map<String, String> extraEnv, RunDirectory run) {
        return start(repo, module, module.module(), port, "http://localhost:" + port, backing, peers, extraEnv, run);
    }

    /**
     * Starts one replica of {@code module}: {@code instance} names its working directory and log (e.g.
     * {@code scribe-service-2}), it listens on {@code port}, and {@code publicUrl} is where browsers and peers reach
     * the service (its front, when replicas share one).
     */
    public static SignetServiceProcess start(Path repo, SignetModule module, String instance, int port,
            String publicUrl, Backing backing, Map<SignetModule, String> peers, Map<String, String> extraEnv,
            RunDirectory run) {
        Path jar = jar(repo, module);
        if (!Files.isRegularFile(jar)) {
            throw new BackingServiceException(jar + " is missing: build it with `mvn -DskipTests install` "
                    + "(bin/signet up does this for you).");
        }
        Map<String, String> env = environment(module, port, publicUrl, backing, peers);
        if (module == SignetModule.AUDIT) {
            // the run's database is new each time: so are the witness of its chain's last checkpoint and the key
            // that signs checkpoints, one of each per service however many replicas sign and write
            env.put("SIGNET_AUDIT_CHECKPOINT_WITNESS_FILE",
                    run.dir(module.module()).resolve("checkpoint-head.json").toString());
            env.put("SIGNET_AUDIT_CHECKPOINT_KEY_FILE",
                    run.dir(module.module()).resolve("checkpoint-ed25519.keys").toString());
        }
        // the prod profile logs JSON lines for a platform's shipper; on this machine people read the logs
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.putAll(extraEnv);
        ManagedProcess process = ManagedProcess.start(instance, command(jar, run.dir(instance)), jar.getParent(),
                env, run.logFile(instance));
        return new SignetServiceProcess(module, port, process);
    }

    /**
     * The command that runs a service's jar, mapping the class-data archive its build wrote when there is one
     * (AppCDS: {@code app-cds.jsa} on JDK 17; {@code app.aot} on 25+). The archive names its classpath relative to
     * the jar, so the process runs in the jar's directory; the crash report a JVM would write there goes to the
     * instance's own directory instead.
     */
    static List<String> command(Path jar, Path instanceDir) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:ErrorFile=" + instanceDir.resolve("hs_err_pid%p.log")));
        Path dir = jar.getParent();
        if (Files.isRegularFile(dir.resolve(APP_CDS))) {
            command.add("-XX:SharedArchiveFile=" + APP_CDS);
        } else if (Files.isRegularFile(dir.resolve(AOT_CACHE))) {
            command.add("-XX:AOTCache=" + AOT_CACHE);
        }
        command.add("-jar");
        command.add(jar.getFileName().toString());
        return command;
    }

    public static Path jar(Path repo, SignetModule module) {
        return repo.resolve(module.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    static Map<String, String> environment(SignetModule module, int port, String publicUrl, Backing backing,
            Map<SignetModule, String> peers) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", backing.postgres().reactiveUrl());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", backing.postgres().jdbcUrl());
        if (module == SignetModule.AUDIT) {
            // audit-service reads and appends as its own role (SELECT and INSERT only), which its migration creates
            // as the schema's owner
            env.put("QUARKUS_FLYWAY_USERNAME", PostgresServer.USER);
            env.put("QUARKUS_FLYWAY_PASSWORD", PostgresServer.PASSWORD);
        } else {
            env.put("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD);
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", backing.kafka().bootstrapServers());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", backing.keycloak().realmUrl(KeycloakServer.SIGNET_REALM));
        env.put("QUARKUS_OIDC_CLIENT_ID", module.module());
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", backing.keycloak().clientSecret(module.module()));
        peers.forEach((peer, url) -> env.put(peer.peerUrlVariable(), url));
        if (module == SignetModule.FHIR_ADAPTER && backing.ehr() != null) {
            // Only fhir-adapter talks to the EHR (the PHI boundary), so only it gets the EHR's address and key.
            env.put("SIGNET_ADAPTER_EHR_BASE_URL", backing.ehr().fhirBaseUrl());
            env.put("SIGNET_ADAPTER_EHR_AUTH", backing.ehr().auth());
            if (Ehr.SMART_BACKEND.equals(backing.ehr().auth())) {
                env.put("SIGNET_ADAPTER_EHR_CLIENT_ID", EhrClientKey.CLIENT_ID);
                env.put("SIGNET_ADAPTER_EHR_KEY_STORE", backing.ehrClientKey().keyStore().toString());
                env.put("SIGNET_ADAPTER_EHR_KEY_STORE_PASSWORD", backing.ehrClientKey().password());
            }
        }
        if (module == SignetModule.SIGNOFF && backing.ehr() != null && backing.ehr().sandbox() != null) {
            // the front door: the sandbox EHR is the one trusted SMART launcher of a local run
            env.putAll(smartEnvironment(publicUrl, backing.ehr().sandbox(), backing.keycloak()));
        }
        return env;
    }

    /**
     * signoff-service's SMART app configuration for a run whose one EHR is the sandbox: the trusted issuer, realm
     * {@code ehr}'s client, the redirect URI registered there, the key of its user assertions, and a session cookie
     * without {@code Secure} (plain http on this machine only).
     */
    public static Map<String, String> smartEnvironment(String signoffUrl, SandboxEhrServer ehr, KeycloakServer keycloak) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SIGNET_SMART_EHRS_SANDBOX_ISSUER", ehr.fhirBaseUrl());
        env.put("SIGNET_SMART_EHRS_SANDBOX_CLIENT_ID", KeycloakServer.SMART_CLIENT);
        env.put("SIGNET_SMART_EHRS_SANDBOX_CLIENT_SECRET", keycloak.smartClientSecret());
        env.put("SIGNET_SMART_REDIRECT_URI", signoffUrl + KeycloakServer.SMART_CALLBACK_PATH);
        env.put("SIGNET_SMART_ASSERTION_PRIVATE_KEY", keycloak.signoffAssertionKey());
        env.put("SIGNET_SMART_COOKIE_SECURE", "false");
        return env;
    }

    public SignetServiceProcess awaitReady(Duration timeout) {
        process.awaitHttpOk(URI.create(url() + "/q/health/ready"), timeout);
        return this;
    }

    public SignetModule module() {
        return module;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** The port this process listens on (a replica's own, not its front's). */
    public int port() {
        return port;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path logFile() {
        return owned().logFile();
    }

    /** Kills the process without warning, as a crash would. */
    public void kill() {
        owned().kill();
    }

    private ManagedProcess owned() {
        if (process == null) {
            throw new IllegalStateException(module.module() + " was started by another class loader; only it may "
                    + "kill it or read its log");
        }
        return process;
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.stop(Duration.ofSeconds(20));
    }
}
