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

    /** How to start the broker again after {@link #stop()}: same directory, same ports. */
    private record Launch(Path dir, int brokerPort, int controllerPort, Path logFile) {}

    private final Launch launch;
    private volatile ManagedProcess process;
    private final String bootstrapServers;

    private KafkaServer(Launch launch, ManagedProcess process, String bootstrapServers) {
        this.launch = launch;
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** A handle on one started by another class loader of this JVM (Quarkus test restarts); it owns nothing. */
    public static KafkaServer attach(String bootstrapServers) {
        return new KafkaServer(null, null, bootstrapServers);
    }

    /** Starts a broker on {@code port} (0 = any free port) with its log segments in {@code dir}. */
    public static KafkaServer start(Path dir, int port, Path logFile) {
        Launch launch = new Launch(dir, Ports.claim(port, "Kafka"), Ports.free(), logFile);
        ManagedProcess process = launch(launch);
        return new KafkaServer(launch, process, process.awaitLogLine(READY, Duration.ofSeconds(90)).group(1));
    }

    private static ManagedProcess launch(Launch launch) {
        return ManagedProcess.start("kafka",
                ManagedProcess.javaCommand(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                                "-Dlog4j2.configurationFile=classpath:kafka-log4j2.properties"),
                        KafkaBrokerMain.class.getName(), List.of(launch.dir().toString(),
                                String.valueOf(launch.brokerPort()), String.valueOf(launch.controllerPort()))),
                launch.dir(), Map.of(), launch.logFile());
    }

    /** Stops the broker (a controlled shutdown), keeping its data: {@link #startAgain()} brings it back (fault tests). */
    public void stop() {
        owned().stop(Duration.ofSeconds(30));
    }

    /** Starts the broker again on the same ports and data, after {@link #stop()}; waits until it is ready. */
    public void startAgain() {
        owned();
        process = launch(launch);
        process.awaitLogLine(READY, Duration.ofSeconds(90));
    }

    private ManagedProcess owned() {
        if (process == null) {
            throw new IllegalStateException("Kafka was started by another class loader; only it may stop it");
        }
        return process;
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
