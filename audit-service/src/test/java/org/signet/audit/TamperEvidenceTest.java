package org.signet.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.signet.audit.chain.ChainVerifier;
import org.signet.audit.chain.Checkpoint;
import org.signet.audit.chain.Checkpoints;
import org.signet.audit.chain.ScheduledVerification;
import org.signet.contracts.AuditAlert;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.Topics;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.TopicReader;

/**
 * Whoever can write to PostgreSQL directly can still change the trail, but not without it showing: an edited row,
 * a removed row, a removed tail and a chain rebuilt after an edit are each named by verify. The service's own role
 * cannot change or remove anything at all.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "audit-service"))
@WithTestResource(AuditWitnessResource.class)
class TamperEvidenceTest {

    @Inject
    ChainVerifier verifier;

    @Inject
    Checkpoints checkpoints;

    @Inject
    ScheduledVerification scheduled;

    @ConfigProperty(name = "signet.audit.db.writer-role")
    String writerRole;

    @ConfigProperty(name = "signet.audit.db.writer-password")
    String writerPassword;

    /** One stored row as it is, to put back after tampering. */
    private record Row(long seq, String recordJson, byte[] prevHash, byte[] hash) {}

    @Test
    void anEditedRowARemovedRowARemovedTailAndARebuiltChainAreEachNamed() throws Throwable {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(AuditEvents.event("tamper-subject", "vault.reidentify", "PT-TAMPER-" + i, "progress-note",
                    Map.of("draft", "d" + i)));
        }
        AuditEvents.send(events);
        AuditEvents.awaitStored(events.stream().map(AuditEvent::eventId).toList());
        awaitQuietChain();
        Checkpoint checkpoint = VertxContextSupport.subscribeAndAwait(() -> checkpoints.checkpoint()).orElseThrow();
        assertIntact();
        long head = checkpoint.seq;
        long target = seqOf(events.get(5).eventId());

        // an edited row: another patient written into it
        Row edited = row(target);
        execute("update audit.audit_record set record_json = replace(record_json, 'PT-TAMPER-5', 'PT-TAMPER-9') "
                + "where seq = " + target);
        assertBreak(target, "altered");
        execute("update audit.audit_record set record_json = ? where seq = " + target, edited.recordJson());
        assertIntact();

        // a removed row
        delete("seq = " + target);
        assertBreak(target, "missing");
        insert(List.of(edited));
        assertIntact();

        // a removed tail, checkpoints included: the witness outside the database still names the old head
        List<Row> tail = rows("seq > " + (head - 3));
        delete("seq > " + (head - 3));
        assertBreak(head - 2, "truncated");
        execute("delete from audit.checkpoint where seq > " + (head - 3));
        assertBreak(head - 2, "truncated");
        insert(tail);
        insertCheckpoint(checkpoint);
        assertIntact();

        // an edit with every later hash recomputed: the chain links up, the signed checkpoint does not
        List<Row> original = rows("seq >= " + target);
        rebuildFrom(target, "PT-TAMPER-5", "PT-TAMPER-0");
        assertBreak(head, "checkpoint-mismatch");
        delete("seq >= " + target);
        insert(original);
        assertIntact();
    }

    @Test
    void twoReplicasCheckpointingAtOnceSignTheHeadOnce() throws Throwable {
        AuditEvent event = AuditEvents.event("checkpoint-subject", "vault.reidentify", "PT-CKPT", "progress-note",
                Map.of("draft", "d"));
        AuditEvents.send(List.of(event));
        AuditEvents.awaitStored(List.of(event.eventId()));
        awaitQuietChain();
        // each call has its own session and connection, as each replica would: without turns both would insert
        // the same head and one would fail on the key
        var both = VertxContextSupport.subscribeAndAwait(() -> io.smallrye.mutiny.Uni.combine().all()
                .unis(checkpoints.checkpoint(), checkpoints.checkpoint()).asTuple());
        long signed = both.getItem1().orElseThrow().seq;
        assertEquals(signed, both.getItem2().orElseThrow().seq);
        assertEquals(head(), signed);
        assertIntact();
    }

    @Test
    void aBreakRaisesOneCriticalAlert() throws Throwable {
        AuditEvent event = AuditEvents.event("alert-subject", "context.fetch", "PT-ALERT", "progress-note", Map.of());
        AuditEvents.send(List.of(event));
        AuditEvents.awaitStored(List.of(event.eventId()));
        awaitQuietChain();
        long seq = seqOf(event.eventId());
        Row row = row(seq);
        execute("update audit.audit_record set record_json = replace(record_json, 'PT-ALERT', 'PT-OTHER') "
                + "where seq = " + seq);
        try {
            VertxContextSupport.subscribeAndAwait(() -> scheduled.run());
            VertxContextSupport.subscribeAndAwait(() -> scheduled.run());
            long alerts = TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_ALERTS)
                    .stream().filter(a -> a.contains("\"chain.broken\"") && a.contains("\"seq\":\"" + seq + "\""))
                    .count();
            assertEquals(1, alerts, "one alert for one break, however often verify runs");
            assertTrue(TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_ALERTS).stream()
                    .anyMatch(a -> a.contains(AuditAlert.Severity.CRITICAL.name())));
        } finally {
            execute("update audit.audit_record set record_json = ? where seq = " + seq, row.recordJson());
        }
        assertIntact();
    }

    @Test
    void theServiceRoleMayReadAndAppendButNeverChangeOrRemove() throws Exception {
        try (Connection writer = DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), writerRole,
                writerPassword); Statement statement = writer.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select count(*) from audit.audit_record")) {
                assertTrue(rows.next());
            }
            for (String forbidden : List.of(
                    "update audit.audit_record set record_json = record_json",
                    "delete from audit.audit_record",
                    "truncate audit.audit_record",
                    "update audit.checkpoint set seq = seq",
                    "delete from audit.checkpoint",
                    "alter table audit.audit_record drop column hash",
                    "drop table audit.audit_record")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(forbidden),
                        forbidden);
                // 42501 insufficient_privilege; 42501 or 42P01-free ownership errors for DDL
                assertEquals("42501", refused.getSQLState(), forbidden + ": " + refused.getMessage());
            }
        }
    }

    private void assertIntact() throws Throwable {
        ChainVerifier.Report report = VertxContextSupport.subscribeAndAwait(() -> verifier.verify());
        assertNull(report.firstBreak(), () -> "expected an intact chain, got " + report.firstBreak());
        assertTrue(report.intact());
    }

    private void assertBreak(long seq, String problem) throws Throwable {
        ChainVerifier.Report report = VertxContextSupport.subscribeAndAwait(() -> verifier.verify());
        assertNotNull(report.firstBreak(), "expected " + problem + " at link " + seq);
        assertEquals(problem, report.firstBreak().problem(), report.firstBreak().detail());
        assertEquals(seq, report.firstBreak().seq(), report.firstBreak().detail());
    }

    /** Waits until nothing has been appended for a second (the service's own events settle). */
    private static void awaitQuietChain() throws Exception {
        long last = -1;
        while (true) {
            long head = head();
            if (head == last) {
                return;
            }
            last = head;
            Thread.sleep(1_000);
        }
    }

    private static long head() throws SQLException {
        try (Connection db = AuditEvents.owner(); Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("select coalesce(max(seq), 0) from audit.audit_record")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long seqOf(UUID eventId) throws SQLException {
        try (Connection db = AuditEvents.owner();
                PreparedStatement query = db.prepareStatement("select seq from audit.audit_record where event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next());
                return rows.getLong(1);
            }
        }
    }

    private static Row row(long seq) throws SQLException {
        return rows("seq = " + seq).get(0);
    }

    private static List<Row> rows(String where) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection db = AuditEvents.owner(); Statement query = db.createStatement();
                ResultSet result = query.executeQuery("select seq, record_json, prev_hash, hash from "
                        + "audit.audit_record where " + where + " order by seq")) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getString(2), result.getBytes(3), result.getBytes(4)));
            }
        }
        return rows;
    }

    private static void delete(String where) throws SQLException {
        execute("delete from audit.audit_record where " + where);
    }

    private static void insert(List<Row> rows) throws SQLException {
        try (Connection db = AuditEvents.owner(); PreparedStatement insert = db.prepareStatement(
                "insert into audit.audit_record (seq, record_json, prev_hash, hash) values (?, ?, ?, ?)")) {
            for (Row row : rows) {
                insert.setLong(1, row.seq());
                insert.setString(2, row.recordJson());
                insert.setBytes(3, row.prevHash());
                insert.setBytes(4, row.hash());
                insert.executeUpdate();
            }
        }
    }

    private static void insertCheckpoint(Checkpoint checkpoint) throws SQLException {
        try (Connection db = AuditEvents.owner(); PreparedStatement insert = db.prepareStatement(
                "insert into audit.checkpoint (seq, head_hash, signed_at, key_id, signature) values (?, ?, ?, ?, ?) "
                        + "on conflict do nothing")) {
            insert.setLong(1, checkpoint.seq);
            insert.setBytes(2, checkpoint.headHash);
            insert.setObject(3, checkpoint.signedAt);
            insert.setString(4, checkpoint.keyId);
            insert.setBytes(5, checkpoint.signature);
            insert.executeUpdate();
        }
    }

    /** What an intruder without the checkpoint key can do at best: edit a record and recompute every later link. */
    private static void rebuildFrom(long seq, String from, String to) throws SQLException {
        List<Row> rows = rows("seq >= " + seq);
        byte[] previous = rows.get(0).prevHash();
        List<Row> rebuilt = new ArrayList<>();
        for (Row row : rows) {
            String text = row.seq() == seq ? row.recordJson().replace(from, to) : row.recordJson();
            byte[] hash = org.signet.audit.chain.CanonicalRecord.link(previous, row.seq(), text);
            rebuilt.add(new Row(row.seq(), text, previous, hash));
            previous = hash;
        }
        delete("seq >= " + seq);
        insert(rebuilt);
    }

    private static void execute(String sql, String... parameters) throws SQLException {
        try (Connection db = AuditEvents.owner(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }
}
