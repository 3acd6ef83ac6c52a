package org.signet.services.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.signet.contracts.Topics;
import org.signet.services.process.JvmLogging;

/**
 * A single-node Kafka broker in KRaft mode (combined broker and controller), run in a JVM of its own so the
 * broker's Scala classpath never meets a Quarkus application's. Formats its storage, starts, creates the topics
 * of {@link Topics}, then prints {@code KAFKA_READY bootstrap=host:port}.
 *
 * <p>Arguments: {@code <log dir> <broker port> <controller port>}.
 */
public final class KafkaBrokerMain {

    public static final String READY_MARKER = "KAFKA_READY";

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        JvmLogging.infoAndAbove();
        Path logDir = Path.of(args[0]);
        int brokerPort = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Files.createDirectories(logDir);

        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        config.put("num.partitions", "3");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "3");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created explicitly below; a typo in a channel's topic must not silently make a new one.
        config.put("auto.create.topics.enable", "false");

        Path configFile = logDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "written by KafkaBrokerMain");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int code = StorageTool$.MODULE$.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", configFile.toString(), "--ignore-formatted"}, new PrintStream(System.out, true));
            if (code != 0) {
                throw new IllegalStateException("kafka-storage format failed with code " + code);
            }
        }

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }, "kafka-shutdown"));
        server.startup();

        String bootstrap = "127.0.0.1:" + brokerPort;
        createTopics(bootstrap);
        System.out.println(READY_MARKER + " bootstrap=" + bootstrap);
        System.out.flush();
        stopped.await();
    }

    private static void createTopics(String bootstrap) throws Exception {
        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminConfig)) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1))
                    .collect(Collectors.toList());
            admin.createTopics(missing).all().get();
        }
    }
}
