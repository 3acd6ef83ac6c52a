package org.signet.services.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.signet.services.process.ManagedProcess;
import org.signet.services.process.Ports;

/** Starts {@link KafkaBrokerMain} in a child JVM and waits until its topics exist. */
public final class KafkaServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(KafkaBrokerMain.READY_MARKER + " bootstrap=(\\S+)");

    private final ManagedProcess process;
    private final String bootstrapServers;

    private KafkaServer(ManagedProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** A handle on one started by another class loader of this JVM (Quarkus test restarts); it owns nothing. */
    public static KafkaServer attach(String bootstrapServers) {
        return new KafkaServer(null, bootstrapServers);
    }

    /** Starts a broker on {@code port} (0 = any free port) with its log segments in {@code dir}. */
    public static KafkaServer start(Path dir, int port, Path logFile) {
        int brokerPort = Ports.claim(port, "Kafka");
        int controllerPort = Ports.free();
        ManagedProcess process = ManagedProcess.start("kafka",
                ManagedProcess.javaCommand(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                                "-Dlog4j2.configurationFile=classpath:kafka-log4j2.properties"),
                        KafkaBrokerMain.class.getName(),
                        List.of(dir.toString(), String.valueOf(brokerPort), String.valueOf(controllerPort))),
                dir, Map.of(), logFile);
        String bootstrap = process.awaitLogLine(READY, Duration.ofSeconds(90)).group(1);
        return new KafkaServer(process, bootstrap);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.stop(Duration.ofSeconds(20));
    }
}
