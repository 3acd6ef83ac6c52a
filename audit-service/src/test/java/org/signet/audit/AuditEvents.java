package org.signet.audit;

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
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.Topics;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;

/** Test helpers: put audit events on the real topic as a producer would, and wait until the store has them. */
final class AuditEvents {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private AuditEvents() {}

    static AuditEvent event(String actor, String action, String patientRef, String purpose,
            Map<String, String> details) {
        return new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), "test-service", actor,
                action, AuditEvent.Outcome.SUCCESS, patientRef, purpose, "test/" + UUID.randomUUID(), null, details);
    }

    /** Sends each event as JSON, keyed by its resource, and waits for Kafka to have all of them. */
    static void send(Collection<AuditEvent> events) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (AuditEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.AUDIT_EVENTS, event.resource(),
                        JSON.writeValueAsString(event))).get();
            }
        }
    }

    /** Sends a raw record value, readable or not. */
    static void sendRaw(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.AUDIT_EVENTS, key, value)).get();
        }
    }

    /** Waits until the store holds a record for each id; fails after 30 s. */
    static void awaitStored(Collection<UUID> ids) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            long stored = count("select count(*) from audit.audit_record where event_id = any(?)",
                    ids.toArray(UUID[]::new));
            if (stored == ids.size()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the store holds " + stored + " of " + ids.size() + " events after 30 s");
            }
            Thread.sleep(100);
        }
    }

    static long count(String sql, UUID[] ids) throws SQLException {
        try (Connection db = owner(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf("uuid", ids));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** A connection as the database's owner, who can do what the service's role cannot. */
    static Connection owner() throws SQLException {
        return DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BackingServices.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }
}
