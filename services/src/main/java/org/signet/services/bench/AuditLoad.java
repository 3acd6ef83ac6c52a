package org.signet.services.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.Topics;

/**
 * Puts synthetic audit events on {@code audit.events} as fast as Kafka takes them, all by one made-up actor, and
 * watches audit-service's store fill up: the ingest figure of {@code bin/signet bench} and what the crash test of
 * the store drives. Events carry ids and counts only, like real ones.
 */
public final class AuditLoad {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String bootstrapServers;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String actor = "load-" + UUID.randomUUID().toString().substring(0, 8);

    public AuditLoad(String bootstrapServers, String jdbcUrl, String dbUser, String dbPassword) {
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    /** The made-up actor of this load's events: what {@link #stored()} counts. */
    public String actor() {
        return actor;
    }

    /** Sends {@code count} events (each its own id, 64 patients, 16 vaults) and waits until Kafka has them all. */
    public void send(int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                String vault = "vault/" + new UUID(0, i % 16);
                AuditEvent event = new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                        "audit-load", actor, "vault.tokenize", AuditEvent.Outcome.SUCCESS, "Patient/load-" + (i % 64),
                        null, vault, null, Map.of("values", String.valueOf(i % 7), "host", "load-driver"));
                producer.send(new ProducerRecord<>(Topics.AUDIT_EVENTS, vault, JSON.writeValueAsString(event)));
            }
            producer.flush();
        }
    }

    /** Stored events of this load: {@code [rows, distinct event ids]}. */
    public long[] stored() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement query = db.prepareStatement(
                        "select count(*), count(distinct event_id) from audit.audit_record where actor = ?")) {
            query.setString(1, actor);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }

    /** Waits until {@code count} events of this load are stored; answers how long that took from {@code since}. */
    public Duration awaitStored(long count, Instant since, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (stored()[0] < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("audit-service stored " + stored()[0] + " of " + count
                        + " events within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
        return Duration.between(since, Instant.now());
    }
}
