package org.signet.services.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.signet.services.app.SignetModule;
import org.signet.services.app.SignetServiceProcess;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.LinkedPractitioners;
import org.signet.services.ehr.SandboxEhr;
import org.signet.services.ehr.SandboxEhrMain;
import org.signet.services.ehr.SandboxEhrServer;
import org.signet.services.kafka.KafkaServer;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.model.LocalModelServerProcess;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.process.Closing;
import org.signet.services.process.Ports;
import org.signet.services.process.RoundRobinFront;
import org.signet.services.process.RunDirectory;

/**
 * The backing services of one test JVM, each started on first use and stopped when the JVM exits, so every
 * {@code @QuarkusTest} class of a module shares one PostgreSQL, one Kafka, one Keycloak and so on.
 *
 * <p>Quarkus loads test resources in a new class loader whenever it restarts the application (another test
 * profile or resource set), and each class loader has its own statics. So what was started is also written to
 * system properties ({@code signet.test.*}: ports and local-only secrets), and a later class loader attaches to
 * it instead of starting a second copy. The class loader that started a service stops it at JVM exit.
 */
public final class BackingServices {

    /** Password of the local development users in tests. */
    public static final String TEST_USER_PASSWORD = "signet-test";

    private static final String PREFIX = "signet.test.";
    private static final Map<String, AutoCloseable> OWNED = new HashMap<>();

    private static RunDirectory run;
    private static PostgresServer postgres;
    private static KafkaServer kafka;
    private static KeycloakServer keycloak;
    private static EhrClientKey ehrClientKey;
    private static SandboxEhrServer sandboxEhr;
    private static LocalModelServerProcess localModel;
    private static TraceCollector traces;
    private static final Map<SignetModule, SignetServiceProcess> SERVICES = new EnumMap<>(SignetModule.class);
    private static final Map<SignetModule, ReplicaSet> REPLICATED = new EnumMap<>(SignetModule.class);
    private static final Set<SignetModule> TO_RESTORE = EnumSet.noneOf(SignetModule.class);
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final int STARTING_AT_ONCE = 2;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(BackingServices::stopAll, "signet-stop-backing-services"));
    }

    private BackingServices() {}

    public static synchronized RunDirectory run() {
        if (run == null) {
            String shared = System.getProperty(PREFIX + "run-dir");
            run = shared != null ? RunDirectory.at(Path.of(shared)) : RunDirectory.forTests();
            System.setProperty(PREFIX + "run-dir", run.root().toString());
        }
        return run;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = shared("postgres.port", () -> PostgresServer.start(run().dir("postgres"), 0),
                    server -> Map.of("postgres.port", String.valueOf(server.port())),
                    props -> PostgresServer.attach(Integer.parseInt(props.get("postgres.port"))));
        }
        return postgres;
    }

    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            kafka = shared("kafka.bootstrap", () -> KafkaServer.start(run().dir("kafka"), 0, run().logFile("kafka")),
                    server -> Map.of("kafka.bootstrap", server.bootstrapServers()),
                    props -> KafkaServer.attach(props.get("kafka.bootstrap")));
        }
        return kafka;
    }

    public static synchronized KeycloakServer keycloak() {
        if (keycloak == null) {
            keycloak = shared("keycloak.port",
                    () -> KeycloakServer.start(run(), 0, TEST_USER_PASSWORD, new KeycloakServer.EhrRealm(
                            ehrClientKey().certificateBase64(), peerUrl(SignetModule.SIGNOFF),
                            LinkedPractitioners.of(SandboxEhrMain.defaultSeedDir(), KeycloakServer.CLINICIANS),
                            SandboxEhrServer.fhirBaseUrl(sandboxEhrPort()))),
                    server -> {
                        Map<String, String> props = new HashMap<>();
                        props.put("keycloak.port", String.valueOf(server.port()));
                        server.clientSecrets().forEach((client, secret) -> props.put("keycloak.secret." + client,
                                secret));
                        return props;
                    },
                    props -> {
                        Map<String, String> secrets = new HashMap<>();
                        props.forEach((key, value) -> {
                            if (key.startsWith("keycloak.secret.")) {
                                secrets.put(key.substring("keycloak.secret.".length()), value);
                            }
                        });
                        return KeycloakServer.attach(Integer.parseInt(props.get("keycloak.port")), secrets,
                                TEST_USER_PASSWORD);
                    });
        }
        return keycloak;
    }

    /** fhir-adapter's SMART Backend Services key pair, generated inside this test run's directory. */
    public static synchronized EhrClientKey ehrClientKey() {
        if (ehrClientKey == null) {
            ehrClientKey = EhrClientKey.loadOrCreate(run().dir("keys"));
        }
        return ehrClientKey;
    }

    /** The sandbox EHR with Synthea patients, tokens from realm {@code ehr}, admin endpoints on. */
    public static synchronized SandboxEhrServer sandboxEhr() {
        if (sandboxEhr == null) {
            sandboxEhr = shared("ehr.port",
                    () -> SandboxEhrServer.start(run().dir("sandbox-ehr"), sandboxEhrPort(), 0,
                            keycloak().realmUrl(KeycloakServer.EHR_REALM), SandboxEhrMain.defaultSeedDir(), true,
                            new SandboxEhr.LaunchApp(KeycloakServer.SMART_CLIENT,
                                    peerUrl(SignetModule.SIGNOFF) + "/launch", keycloak().launchSecret()),
                            run().logFile("sandbox-ehr")),
                    server -> Map.of("ehr.port", String.valueOf(server.port()),
                            "ehr.admin-port", String.valueOf(server.adminPort())),
                    props -> SandboxEhrServer.attach(Integer.parseInt(props.get("ehr.port")),
                            Integer.parseInt(props.get("ehr.admin-port"))));
        }
        return sandboxEhr;
    }

    /** The tiny test model shipped in {@code ../shared/models} (nonsense text; for protocol and boundaries). */
    public static Path testModel() {
        return RunDirectory.repoRoot().resolve("../shared/models/stories260K.gguf").normalize();
    }

    /** An OpenAI-compatible server over the test model that records every request body it receives. */
    public static synchronized LocalModelServerProcess localModelServer() {
        if (localModel == null) {
            localModel = shared("model.port",
                    () -> LocalModelServerProcess.start(run().dir("local-model"), 0, testModel(), "stories260K",
                            run().dir("local-model").resolve("requests.jsonl"), null, List.of("--context", "2048"),
                            run().logFile("local-model")),
                    server -> Map.of("model.port", String.valueOf(server.port()), "model.name", server.modelName()),
                    props -> LocalModelServerProcess.attach(Integer.parseInt(props.get("model.port")),
                            props.get("model.name")));
        }
        return localModel;
    }

    /**
     * The OTLP receiver every Signet service started by this class loader exports its spans to (a test reads them
     * back in the same JVM); a daemon, gone with the JVM.
     */
    public static synchronized TraceCollector traceCollector() {
        if (traces == null) {
            traces = TraceCollector.start();
        }
        return traces;
    }

    /**
     * Another Signet service, running as its own process from its built {@code quarkus-run.jar} on these backing
     * services (the reactor builds the modules a test crosses before the module under test). A service an earlier
     * test class left in a shape of its own ({@link #restoreOnNextUse}) is first made one process in the test
     * environment again.
     */
    public static synchronized SignetServiceProcess signetService(SignetModule module) {
        if (TO_RESTORE.contains(module)) {
            Map<SignetModule, Map<String, String>> plain = new EnumMap<>(SignetModule.class);
            TO_RESTORE.forEach(reshaped -> plain.put(reshaped, Map.of()));
            restartSignetServices(plain); // every one left reshaped, together: the next test asks for all of them
        }
        ReplicaSet replicas = REPLICATED.get(module);
        if (replicas != null) {
            return replicas.replica(0); // as it runs now: a restart replaces the process
        }
        SignetServiceProcess running = SERVICES.get(module);
        if (running == null) {
            if (Boolean.getBoolean(PREFIX + serviceKey(module))) {
                running = SignetServiceProcess.attach(module, port(module));
            } else {
                running = launchOwned(module, Map.of()).awaitReady(START_LIMIT);
            }
            SERVICES.put(module, running);
        }
        return running;
    }

    /**
     * What a test class does when it is done with services it ran in a shape of their own (replicas, a skewed clock):
     * each is made one process in the test environment again on the next test's first {@link #signetService} call,
     * not now, so a next test that reshapes them itself ({@link #replicate}, {@link #restartSignetServices}) spares
     * the restart.
     */
    public static synchronized void restoreOnNextUse(Collection<SignetModule> modules) {
        TO_RESTORE.addAll(modules);
    }

    /**
     * {@code count} replicas of {@code module} behind one front on the module's port (its peers and tests keep the
     * one URL), each its own process with its own port, directory and log ({@code scribe-service-2.log}), started
     * side by side; what this JVM ran there is stopped first. {@code extraEnv} goes on top of the test environment.
     * Only a service this JVM started (or none has) can be replicated; {@link #restartSignetService} makes it one
     * process again.
     */
    public static synchronized ReplicaSet replicate(SignetModule module, int count, Map<String, String> extraEnv) {
        boolean reshaped = TO_RESTORE.remove(module);
        ReplicaSet existing = REPLICATED.get(module);
        if (existing != null && !reshaped) {
            return existing;
        }
        requireOwnedOrNotStarted(module);
        stopOwned(List.of(module));
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(Ports.free());
        }
        IntFunction<SignetServiceProcess> starter = index -> startReplica(module, index, ports.get(index), extraEnv);
        List<SignetServiceProcess> replicas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replicas.add(starter.apply(i));
        }
        ReplicaSet set = new ReplicaSet(module, RoundRobinFront.start(module.module(), port(module), ports),
                replicas, starter);
        REPLICATED.put(module, set); // before they are ready: a restart or the JVM's exit stops them whatever happens
        OWNED.put(serviceKey(module), set);
        System.setProperty(PREFIX + serviceKey(module), "true");
        replicas.forEach(replica -> replica.awaitReady(START_LIMIT));
        return set;
    }

    private static SignetServiceProcess startReplica(SignetModule module, int index, int port,
            Map<String, String> extraEnv) {
        Map<String, String> env = testEnvironment();
        env.putAll(extraEnv);
        return SignetServiceProcess.start(RunDirectory.repoRoot(), module, module.module() + "-" + (index + 1), port,
                peerUrl(module), backing(), peers(), env, run());
    }

    /**
     * Starts {@code module} again on its port: after a test killed it as a crash would, or stopping it first (only a
     * service this JVM started, or none has, can be restarted). Replicas ({@link #replicate}) become one process
     * again.
     */
    public static synchronized SignetServiceProcess restartSignetService(SignetModule module) {
        return restartSignetService(module, Map.of());
    }

    /** As {@link #restartSignetService(SignetModule)}, with {@code extraEnv} on top of the test environment. */
    public static synchronized SignetServiceProcess restartSignetService(SignetModule module,
            Map<String, String> extraEnv) {
        return restartSignetServices(Map.of(module, extraEnv)).get(module);
    }

    /**
     * {@link #restartSignetService} for several services at once, each with its own {@code extraEnv}: all are stopped
     * side by side, then started {@value #STARTING_AT_ONCE} at a time (a JVM's start keeps about one core busy), each
     * awaited until ready.
     */
    public static synchronized Map<SignetModule, SignetServiceProcess> restartSignetServices(
            Map<SignetModule, Map<String, String>> extraEnvs) {
        extraEnvs.keySet().forEach(BackingServices::requireOwnedOrNotStarted);
        TO_RESTORE.removeAll(extraEnvs.keySet());
        stopOwned(extraEnvs.keySet());
        Map<SignetModule, SignetServiceProcess> started = new EnumMap<>(SignetModule.class);
        List<SignetModule> modules = new ArrayList<>(extraEnvs.keySet());
        for (int from = 0; from < modules.size(); from += STARTING_AT_ONCE) {
            List<SignetModule> wave = modules.subList(from, Math.min(modules.size(), from + STARTING_AT_ONCE));
            for (SignetModule module : wave) {
                started.put(module, launchOwned(module, extraEnvs.get(module)));
            }
            wave.forEach(module -> started.get(module).awaitReady(START_LIMIT));
        }
        return started;
    }

    private static void requireOwnedOrNotStarted(SignetModule module) {
        if (Boolean.getBoolean(PREFIX + serviceKey(module)) && !OWNED.containsKey(serviceKey(module))) {
            throw new IllegalStateException(module.module() + " was started by another class loader");
        }
    }

    /** Stops what this JVM runs of {@code modules} (a process or replicas), side by side. */
    private static void stopOwned(Collection<SignetModule> modules) {
        List<AutoCloseable> running = new ArrayList<>();
        for (SignetModule module : modules) {
            ReplicaSet replicas = REPLICATED.remove(module);
            SignetServiceProcess single = SERVICES.remove(module);
            if (replicas != null) {
                running.add(replicas);
            } else if (single != null) {
                running.add(single); // nothing to do when a test killed it
            }
            OWNED.remove(serviceKey(module));
            System.clearProperty(PREFIX + serviceKey(module)); // none runs: the next use starts one, never attaches
        }
        Closing.together(running);
    }

    /**
     * Launches {@code module} on its port and records it as this JVM's before it is ready, so a start that never gets
     * ready is still stopped by the next restart or at exit.
     */
    private static SignetServiceProcess launchOwned(SignetModule module, Map<String, String> extraEnv) {
        Map<String, String> env = testEnvironment();
        env.putAll(extraEnv);
        SignetServiceProcess started = SignetServiceProcess.start(RunDirectory.repoRoot(), module, port(module),
                backing(), peers(), env, run());
        SERVICES.put(module, started);
        OWNED.put(serviceKey(module), started);
        System.setProperty(PREFIX + serviceKey(module), "true");
        return started;
    }

    private static Map<SignetModule, String> peers() {
        Map<SignetModule, String> peers = new EnumMap<>(SignetModule.class);
        for (SignetModule peer : SignetModule.values()) {
            peers.put(peer, peerUrl(peer));
        }
        return peers;
    }

    private static SignetServiceProcess.Backing backing() {
        return new SignetServiceProcess.Backing(postgres(), kafka(), keycloak(),
                SignetServiceProcess.Ehr.sandbox(sandboxEhr()), ehrClientKey());
    }

    /**
     * Configuration of every service started here: spans exported to {@link #traceCollector()}, then what a test
     * module sets as system properties {@code signet.test.env.<VARIABLE>} (e.g. a short step-up age, so that a
     * browser test can outlive it).
     */
    private static Map<String, String> testEnvironment() {
        Map<String, String> env = new HashMap<>();
        // spans go to this JVM's collector, in batches every 200 ms, so a test sees them soon after the request
        env.put("SIGNET_OTLP_ENDPOINT", traceCollector().endpoint());
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        String prefix = "signet.test.env.";
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(prefix))
                .forEach(name -> env.put(name.substring(prefix.length()), System.getProperty(name)));
        return env;
    }

    private static String serviceKey(SignetModule module) {
        return "service." + module.module() + ".started";
    }

    /**
     * The sandbox EHR's FHIR port, chosen before Keycloak starts: realm {@code signet} links the clinicians to users of
     * that EHR by its FHIR base.
     */
    static int sandboxEhrPort() {
        String key = PREFIX + "ehr.fhir-port";
        String port = System.getProperty(key);
        if (port == null) {
            port = String.valueOf(Ports.free());
            System.setProperty(key, port);
        }
        return Integer.parseInt(port);
    }

    /** Where {@code module} listens (or will, once started) in this test JVM: its front, when it has replicas. */
    public static synchronized String peerUrl(SignetModule module) {
        return "http://localhost:" + port(module);
    }

    private static int port(SignetModule module) {
        String key = PREFIX + "service." + module.module() + ".port";
        String port = System.getProperty(key);
        if (port == null) {
            port = String.valueOf(Ports.free());
            System.setProperty(key, port);
        }
        return Integer.parseInt(port);
    }

    /**
     * The service another class loader already started (found by {@code marker}), or a new one this class loader
     * owns, published for the next.
     */
    private static <T extends AutoCloseable> T shared(String marker, Supplier<T> start,
            java.util.function.Function<T, Map<String, String>> publish,
            java.util.function.Function<Map<String, String>, T> attach) {
        if (System.getProperty(PREFIX + marker) != null) {
            Map<String, String> props = new HashMap<>();
            System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(PREFIX))
                    .forEach(name -> props.put(name.substring(PREFIX.length()), System.getProperty(name)));
            return attach.apply(props);
        }
        T started = start.get();
        OWNED.put(marker, started);
        publish.apply(started).forEach((key, value) -> System.setProperty(PREFIX + key, value));
        return started;
    }

    private static synchronized void stopAll() {
        // The services first, side by side, then what they depend on (reverse order of starting).
        Closing.together(List.of(SignetModule.values()).stream().map(module -> OWNED.remove(serviceKey(module)))
                .filter(Objects::nonNull).toList());
        for (String key : List.of("model.port", "ehr.port", "keycloak.port", "kafka.bootstrap", "postgres.port")) {
            AutoCloseable owned = OWNED.remove(key);
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception e) {
                    System.err.println("could not stop " + key + ": " + e.getMessage());
                }
            }
        }
    }
}
