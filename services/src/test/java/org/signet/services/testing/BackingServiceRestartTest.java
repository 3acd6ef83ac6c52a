package org.signet.services.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.postgres.PostgresServer;

/**
 * The fault tests stop PostgreSQL, Kafka and Keycloak and start them again: each comes back on its port with what
 * it held (rows, records; Keycloak's signing keys and user ids, so tokens issued before the outage still verify and
 * name the same users).
 */
class BackingServiceRestartTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void postgresComesBackWithItsRows() throws Exception {
        PostgresServer postgres = BackingServices.postgres();
        try (Connection db = connect(postgres); Statement sql = db.createStatement()) {
            sql.execute("create table if not exists restart_probe (id text)");
            sql.execute("insert into restart_probe values ('before')");
        }
        postgres.stop();
        assertThrows(SQLException.class, () -> connect(postgres).close(), "stopped");
        postgres.startAgain();
        try (Connection db = connect(postgres); Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("select count(*) from restart_probe where id = 'before'")) {
            rows.next();
            assertTrue(rows.getInt(1) >= 1, "the row written before the restart");
        }
    }

    @Test
    void kafkaComesBackWithItsRecords() throws Exception {
        String marker = "restart-probe-" + UUID.randomUUID();
        String bootstrap = BackingServices.kafka().bootstrapServers();
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.AUDIT_EVENTS, marker, "{\"probe\":\"" + marker + "\"}")).get();
        }
        BackingServices.kafka().stop();
        BackingServices.kafka().startAgain();
        assertTrue(TopicReader.readAll(bootstrap, Topics.AUDIT_EVENTS).stream().anyMatch(r -> r.contains(marker)));
    }

    @Test
    void keycloakComesBackSigningWithTheSameKey() throws Exception {
        KeycloakServer keycloak = BackingServices.keycloak();
        String before = KeycloakTokens.user("dr.ada");
        String kid = kid(before);
        String subject = KeycloakTokens.subject("dr.ada");
        assertTrue(jwks(keycloak).contains(kid));
        keycloak.stop();
        assertThrows(IOException.class, () -> jwks(keycloak), "stopped");
        keycloak.startAgain();
        assertTrue(jwks(keycloak).contains(kid), "the key of tokens issued before the outage is still published");
        assertEquals(kid, kid(KeycloakTokens.user("dr.ada")), "and still signs");
        assertEquals(subject, KeycloakTokens.subject("dr.ada"), "for the same users: what they own is still theirs");
    }

    private static Connection connect(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static String kid(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0])).path("kid").asText();
    }

    private static String jwks(KeycloakServer keycloak) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.realmUrl(KeycloakServer.SIGNET_REALM)
                + "/protocol/openid-connect/certs")).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .body();
    }
}
