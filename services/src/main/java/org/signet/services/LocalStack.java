package org.signet.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.signet.services.app.LocalModelProviders;
import org.signet.services.app.SignetModule;
import org.signet.services.app.SignetServiceProcess;
import org.signet.services.client.SignetClient;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.LinkedPractitioners;
import org.signet.services.ehr.SandboxEhr;
import org.signet.services.ehr.SandboxEhrServer;
import org.signet.services.kafka.KafkaServer;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.model.LocalModelServerProcess;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.process.BackingServiceException;
import org.signet.services.process.Closing;
import org.signet.services.process.JvmLogging;
import org.signet.services.process.Ports;
import org.signet.services.process.RoundRobinFront;
import org.signet.services.process.RunDirectory;

/**
 * The whole system on this machine with embedded defaults ({@code bin/signet up}): PostgreSQL, Kafka, Keycloak,
 * the sandbox EHR with Synthea patients, the local model server (tiny GGUF), then the four services from their
 * {@code quarkus-run.jar} (the model registered with scribe-service as two local providers), each on its own port,
 * every log in one run directory. Ctrl-C (or any failure) stops everything it started, children by process id.
 *
 * <p>Arguments: {@code --repo DIR} (the checkout, required), {@code --run-dir DIR} (default
 * {@code ~/.signet/run/stack-<time>}), {@code --replicas N} (each service as N processes behind a front on its
 * port; default 1).
 */
public final class LocalStack {

    /** Fixed ports so the URLs printed today are the URLs of tomorrow; each fails fast if taken. */
    public static final int POSTGRES_PORT = 5433;
    public static final int KAFKA_PORT = 9193;
    static final int KEYCLOAK_PORT = 8180;
    static final int SANDBOX_EHR_PORT = 8190;
    static final int SANDBOX_EHR_ADMIN_PORT = 8191;
    static final int LOCAL_MODEL_PORT = 8185;

    /** Where the local stack's clients (demo, bench) find it. */
    public static final String SIGNOFF_URL = "http://localhost:" + SignetModule.SIGNOFF.localPort();
    public static final String SCRIBE_URL = "http://localhost:" + SignetModule.SCRIBE.localPort();
    public static final String REALM_URL = "http://127.0.0.1:" + KEYCLOAK_PORT + "/realms/"
            + KeycloakServer.SIGNET_REALM;
    public static final String EHR_FHIR_URL = "http://127.0.0.1:" + SANDBOX_EHR_PORT + "/fhir";

    private LocalStack() {}

    public static void main(String[] args) throws InterruptedException {
        JvmLogging.infoAndAbove();
        Map<String, String> options = parse(args);
        Path repo = Path.of(options.getOrDefault("--repo", ".")).toAbsolutePath().normalize();
        RunDirectory run = options.containsKey("--run-dir") ? RunDirectory.at(Path.of(options.get("--run-dir")))
                : RunDirectory.create(RunDirectory.signetHome().resolve("run"), "stack");
        String password = System.getenv().getOrDefault("SIGNET_DEV_PASSWORD", "signet-dev");
        // --ehr: any FHIR R4 server instead of the sandbox; --ehr-auth: how fhir-adapter authenticates there
        // --replicas N: each service as N processes behind one front on its port (issue 23's two replicas)
        int replicas = Integer.parseInt(options.getOrDefault("--replicas", "1"));
        if (replicas < 1 || replicas > 4) {
            throw new IllegalArgumentException("--replicas must be 1 to 4, not " + replicas);
        }
        String externalEhr = options.get("--ehr");
        String ehrAuth = options.getOrDefault("--ehr-auth", SignetServiceProcess.Ehr.SMART_BACKEND);
        if (externalEhr == null && options.containsKey("--ehr-auth")) {
            throw new IllegalArgumentException("--ehr-auth needs --ehr <FHIR base>");
        }

        // the shutdown hook reads it while a start may still add to it
        List<AutoCloseable> started = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Signet…");
            try {
                Files.deleteIfExists(stackFile());
            } catch (IOException e) {
                System.err.println("could not remove " + stackFile());
            }
            stopAll(started);
            stopped.countDown();
        }, "signet-local-stack-stop"));

        long begin = System.nanoTime();
        try {
            for (SignetModule module : SignetModule.values()) {
                Path jar = SignetServiceProcess.jar(repo, module);
                if (!Files.isRegularFile(jar)) {
                    throw new BackingServiceException(jar + " is missing: build with `mvn -DskipTests install` "
                            + "(bin/signet up does this for you).");
                }
                Ports.claim(module.localPort(), module.module());
            }
            step("PostgreSQL");
            PostgresServer postgres = PostgresServer.start(run.dir("postgres"), POSTGRES_PORT);
            started.add(postgres);
            step("Kafka");
            KafkaServer kafka = KafkaServer.start(run.dir("kafka"), KAFKA_PORT, run.logFile("kafka"));
            started.add(kafka);
            step("Keycloak");
            EhrClientKey ehrKey = EhrClientKey.loadOrCreate(RunDirectory.keysDir());
            Path seedDir = repo.resolve("../shared/data/synthea").normalize();
            Map<String, String> fhirUsers = LinkedPractitioners.of(seedDir, KeycloakServer.CLINICIANS);
            KeycloakServer keycloak = KeycloakServer.start(run, KEYCLOAK_PORT, password,
                    new KeycloakServer.EhrRealm(ehrKey.certificateBase64(), url(SignetModule.SIGNOFF), fhirUsers,
                            externalEhr == null ? EHR_FHIR_URL : externalEhr));
            started.add(keycloak);
            SignetServiceProcess.Ehr ehr;
            if (externalEhr == null) {
                step("sandbox EHR (Synthea patients)");
                SandboxEhrServer sandbox = SandboxEhrServer.start(run.dir("sandbox-ehr"), SANDBOX_EHR_PORT,
                        SANDBOX_EHR_ADMIN_PORT, keycloak.realmUrl(KeycloakServer.EHR_REALM), seedDir, true,
                        new SandboxEhr.LaunchApp(KeycloakServer.SMART_CLIENT, url(SignetModule.SIGNOFF) + "/launch",
                                keycloak.launchSecret()),
                        run.logFile("sandbox-ehr"));
                started.add(sandbox);
                ehr = SignetServiceProcess.Ehr.sandbox(sandbox);
            } else {
                step("EHR " + externalEhr + " (auth " + ehrAuth + "; no sandbox)");
                ehr = SignetServiceProcess.Ehr.external(externalEhr, ehrAuth);
            }
            step("local model server (tiny GGUF, OpenAI-compatible)");
            Path model = repo.resolve("../shared/models/stories260K.gguf").normalize();
            LocalModelServerProcess modelServer = LocalModelServerProcess.start(run.dir("local-model"),
                    LOCAL_MODEL_PORT, model, "stories260K", null, null, List.of("--context", "2048"),
                    run.logFile("local-model"));
            started.add(modelServer);

            var backing = new SignetServiceProcess.Backing(postgres, kafka, keycloak, ehr, ehrKey);
            Map<SignetModule, String> peers = new LinkedHashMap<>();
            for (SignetModule module : SignetModule.values()) {
                peers.put(module, url(module));
            }
            // One after another: on two cores four JVMs booting side by side finish no sooner, and each one's
            // start time (launch to ready) is then its own.
            Properties figures = new Properties();
            for (SignetModule module : SignetModule.values()) {
                if (replicas > 1) {
                    startReplicas(repo, module, replicas, backing, peers, run, started, figures);
                    continue;
                }
                step(module.module());
                long launched = System.nanoTime();
                SignetServiceProcess service = SignetServiceProcess.start(repo, module, module.localPort(), backing,
                        peers, Map.of(), run);
                started.add(service);
                service.awaitReady(Duration.ofSeconds(90));
                figures.setProperty(module.module() + ".pid", String.valueOf(service.pid()));
                figures.setProperty(module.module() + ".ready_ms",
                        String.valueOf(Duration.ofNanos(System.nanoTime() - launched).toMillis()));
            }
            figures.setProperty("ehr.base_url", ehr.fhirBaseUrl());
            figures.setProperty("ehr.auth", ehr.auth());
            writeStackFile(figures);
            String admin = new SignetClient(url(SignetModule.SIGNOFF), keycloak.realmUrl(KeycloakServer.SIGNET_REALM))
                    .userToken(KeycloakServer.ADMIN, password);
            LocalModelProviders.register(url(SignetModule.SCRIBE), admin, model, modelServer.baseUrl(),
                    modelServer.modelName());
            printSummary(run, keycloak, ehr, modelServer, password, fhirUsers, replicas,
                    Duration.ofNanos(System.nanoTime() - begin));
        } catch (BackingServiceException | IOException e) {
            System.err.println("signet up failed: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    /**
     * {@code count} replicas of {@code module}, replica {@code i} on the module's port + 100 × i with its own log
     * ({@code scribe-service-2.log}), behind a round-robin front on the module's own port, as a Service before a
     * Deployment: peers and browsers use the one URL. The stack file names the first replica's pid (the bench's
     * figures are per process) and every replica's in {@code <module>.pids}.
     */
    private static void startReplicas(Path repo, SignetModule module, int count, SignetServiceProcess.Backing backing,
            Map<SignetModule, String> peers, RunDirectory run, List<AutoCloseable> started, Properties figures) {
        List<Integer> ports = new ArrayList<>();
        List<String> pids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int port = module.localPort() + 100 * i;
            Ports.claim(port, module.module() + "-" + i);
            ports.add(port);
            step(module.module() + " replica " + i + " (port " + port + ")");
            long launched = System.nanoTime();
            SignetServiceProcess replica = SignetServiceProcess.start(repo, module, module.module() + "-" + i, port,
                    url(module), backing, peers, Map.of(), run);
            started.add(replica);
            replica.awaitReady(Duration.ofSeconds(90));
            pids.add(String.valueOf(replica.pid()));
            if (i == 1) {
                figures.setProperty(module.module() + ".pid", String.valueOf(replica.pid()));
                figures.setProperty(module.module() + ".ready_ms",
                        String.valueOf(Duration.ofNanos(System.nanoTime() - launched).toMillis()));
            }
        }
        figures.setProperty(module.module() + ".pids", String.join(",", pids));
        started.add(RoundRobinFront.start(module.module(), module.localPort(), ports));
    }

    /** Where {@code bin/signet bench} finds the running stack's service pids and start times. */
    public static Path stackFile() {
        return RunDirectory.signetHome().resolve("run").resolve("current-stack.properties");
    }

    /** What the running stack wrote about itself ({@code bin/signet up}); empty when none runs. */
    public static Properties runningStack() {
        Properties stack = new Properties();
        try (var in = Files.newBufferedReader(stackFile())) {
            stack.load(in);
        } catch (IOException e) {
            // no stack file: no stack of bin/signet up is running, or it predates the file
        }
        return stack;
    }

    private static void writeStackFile(Properties figures) {
        try (var out = Files.newBufferedWriter(stackFile())) {
            figures.store(out, "the local stack now running (bin/signet up); removed when it stops");
        } catch (IOException e) {
            System.err.println("could not write " + stackFile() + ": " + e.getMessage());
        }
    }

    private static String url(SignetModule module) {
        return "http://localhost:" + module.localPort();
    }

    private static void printSummary(RunDirectory run, KeycloakServer keycloak, SignetServiceProcess.Ehr ehr,
            LocalModelServerProcess modelServer, String password, Map<String, String> fhirUsers, int replicas,
            Duration took) {
        StringBuilder out = new StringBuilder();
        out.append("\nSignet is up (").append(took.toSeconds()).append(" s).\n\n");
        out.append("  Sign-off UI          ").append(url(SignetModule.SIGNOFF)).append("/\n");
        out.append("  Admin console        ").append(url(SignetModule.SIGNOFF)).append("/admin/  (sign in as ")
                .append(KeycloakServer.ADMIN).append(")\n");
        out.append("  Auditor's page       ").append(url(SignetModule.SIGNOFF))
                .append("/audit/  (sign in as aud.itor)\n");
        for (SignetModule module : SignetModule.values()) {
            out.append(String.format("  %-20s %s  (health: %s/q/health)%n", module.module(), url(module),
                    url(module)));
        }
        if (replicas > 1) {
            out.append(String.format("  %-20s each service as %d processes behind its port (replica i on the port "
                    + "+ 100 i; logs <service>-i.log)%n", "Replicas", replicas));
        }
        out.append(String.format("  %-20s %s/admin  (realms %s, %s)%n", "Keycloak", keycloak.baseUrl(),
                KeycloakServer.SIGNET_REALM, KeycloakServer.EHR_REALM));
        if (ehr.sandbox() != null) {
            out.append(String.format("  %-20s %s  (admin: %s; token: bin/signet ehr-token)%n", "Sandbox EHR",
                    ehr.fhirBaseUrl(), ehr.sandbox().adminBaseUrl()));
            out.append(String.format("  %-20s %s  (patients, encounters, \"Launch Signet\")%n", "Sandbox EHR page",
                    ehr.fhirBaseUrl().replaceFirst("/fhir$", "/ehr/")));
        } else {
            out.append(String.format("  %-20s %s  (fhir-adapter's auth: %s; no sandbox, no SMART launch)%n", "EHR",
                    ehr.fhirBaseUrl(), ehr.auth()));
        }
        out.append(String.format("  %-20s %s  (providers local-gguf, local-openai; default: %s)%n",
                "Local model", modelServer.baseUrl(),
                System.getenv().getOrDefault("SIGNET_SCRIBE_DEFAULT_PROVIDER", "extractive")));
        out.append(String.format("  %-20s 127.0.0.1:%d  database %s%n", "PostgreSQL", POSTGRES_PORT,
                PostgresServer.DATABASE));
        out.append(String.format("  %-20s 127.0.0.1:%d%n%n", "Kafka", KAFKA_PORT));
        out.append("  Test users (password: ").append(password).append("):\n");
        // each clinician beside the sandbox Practitioner that is its EHR account's fhirUser (and its SMART link)
        KeycloakServer.CLINICIANS.forEach(u -> out.append("    ").append(u).append("  clinician  ")
                .append(fhirUsers.get(u)).append("\n"));
        out.append("    ").append(KeycloakServer.ADMIN).append("  admin (the admin console)\n");
        out.append("    ").append(KeycloakServer.AUDITOR).append("  auditor\n\n");
        out.append("  Logs: ").append(run.root().resolve("logs")).append("\n");
        out.append("  Ctrl-C stops everything.\n");
        System.out.print(out);
        System.out.flush();
    }

    private static void step(String what) {
        System.out.println("starting " + what + " …");
    }

    private static void stopAll(List<AutoCloseable> started) {
        // the Signet services side by side (each waits on its own shutdown), then what they ran on, newest first
        List<AutoCloseable> services = started.stream()
                .filter(process -> process instanceof SignetServiceProcess || process instanceof RoundRobinFront)
                .toList();
        Closing.together(services);
        started.removeAll(services);
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop cleanly: " + e.getMessage());
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: LocalStack --repo DIR [--run-dir DIR] [--replicas N] "
                        + "[--ehr FHIR_BASE [--ehr-auth none|smart-backend]]");
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
