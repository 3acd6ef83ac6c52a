package org.signet.audit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint witness file of this test JVM's own: the database is new in each test run, so a witness left by an
 * earlier run would name links this chain never had.
 */
public class AuditWitnessResource implements QuarkusTestResourceLifecycleManager {

    private static final String PROPERTY = "signet.test.audit.witness-file";

    /** The witness file of this JVM (the same for every class loader Quarkus creates). */
    public static synchronized Path witnessFile() {
        String shared = System.getProperty(PROPERTY);
        if (shared != null) {
            return Path.of(shared);
        }
        try {
            Path runs = Files.createDirectories(Path.of("target/test-audit").toAbsolutePath());
            Path file = Files.createTempDirectory(runs, "witness-").resolve("checkpoint-head.json");
            System.setProperty(PROPERTY, file.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("signet.audit.checkpoint.witness-file", witnessFile().toString());
    }

    @Override
    public void stop() {
        // kept for the JVM's life: every test class of this module shares one database and so one chain
    }
}
