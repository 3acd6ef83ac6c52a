package org.signet.services.testing;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.signet.services.app.SignetModule;
import org.signet.services.app.SignetServiceProcess;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SandboxEhrMain;
import org.signet.services.ehr.SandboxEhrServer;
import org.signet.services.kafka.KafkaServer;
import org.signet.services.model.LocalModelServerProcess;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.process.Ports;
import org.signet.services.process.RunDirectory;

/**
 * The backing services of one test JVM, each started on first use and stopped when the JVM exits, so every
 * {@code @QuarkusTest} class of a module shares one PostgreSQL, one Kafka and one Keycloak.
 */
public final class BackingServices {

    /** Password of the local development users in tests. */
    public static final String TEST_USER_PASSWORD = "signet-test";

    private static RunDirectory run;
    private static PostgresServer postgres;
    private static KafkaServer kafka;
    private static KeycloakServer keycloak;
    private static EhrClientKey ehrClientKey;
    private static SandboxEhrServer sandboxEhr;
    private static LocalModelServerProcess localModel;
    private static final Map<SignetModule, Integer> SERVICE_PORTS = new EnumMap<>(SignetModule.class);
    private static final Map<SignetModule, SignetServiceProcess> SERVICES = new EnumMap<>(SignetModule.class);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(BackingServices::stopAll, "signet-stop-backing-services"));
    }

    private BackingServices() {}

    public static synchronized RunDirectory run() {
        if (run == null) {
            run = RunDirectory.forTests();
        }
        return run;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start(run().dir("postgres"), 0);
        }
        return postgres;
    }

    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            kafka = KafkaServer.start(run().dir("kafka"), 0, run().logFile("kafka"));
        }
        return kafka;
    }

    public static synchronized KeycloakServer keycloak() {
        if (keycloak == null) {
            keycloak = KeycloakServer.start(run(), 0, TEST_USER_PASSWORD, ehrClientKey().certificateBase64());
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
            sandboxEhr = SandboxEhrServer.start(run().dir("sandbox-ehr"), 0, 0,
                    keycloak().realmUrl(KeycloakServer.EHR_REALM), SandboxEhrMain.defaultSeedDir(), true,
                    run().logFile("sandbox-ehr"));
        }
        return sandboxEhr;
    }

    /** The tiny test model shipped in {@code ../shared/models} (nonsense text; for protocol and boundaries). */
    public static java.nio.file.Path testModel() {
        return RunDirectory.repoRoot().resolve("../shared/models/stories260K.gguf").normalize();
    }

    /** An OpenAI-compatible server over the test model that records every request body it receives. */
    public static synchronized LocalModelServerProcess localModelServer() {
        if (localModel == null) {
            localModel = LocalModelServerProcess.start(run().dir("local-model"), 0, testModel(), "stories260K",
                    run().dir("local-model").resolve("requests.jsonl"), null, java.util.List.of(),
                    run().logFile("local-model"));
        }
        return localModel;
    }

    /**
     * Another Signet service, running as its own process from its built {@code quarkus-run.jar} on these backing
     * services (the reactor builds the modules a test crosses before the module under test).
     */
    public static synchronized SignetServiceProcess signetService(SignetModule module) {
        SignetServiceProcess running = SERVICES.get(module);
        if (running == null) {
            Map<SignetModule, String> peers = new EnumMap<>(SignetModule.class);
            for (SignetModule peer : SignetModule.values()) {
                peers.put(peer, peerUrl(peer));
            }
            var backing = new SignetServiceProcess.Backing(postgres(), kafka(), keycloak(), sandboxEhr(),
                    ehrClientKey());
            running = SignetServiceProcess.start(RunDirectory.repoRoot(), module, port(module), backing, peers,
                    Map.of(), run()).awaitReady(Duration.ofSeconds(120));
            SERVICES.put(module, running);
        }
        return running;
    }

    /** Where {@code module} listens (or will, once started) in this test JVM. */
    public static synchronized String peerUrl(SignetModule module) {
        return "http://localhost:" + port(module);
    }

    private static int port(SignetModule module) {
        return SERVICE_PORTS.computeIfAbsent(module, m -> Ports.free());
    }

    private static synchronized void stopAll() {
        SERVICES.values().forEach(SignetServiceProcess::close);
        if (localModel != null) {
            localModel.close();
        }
        if (sandboxEhr != null) {
            sandboxEhr.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
