package org.signet.scribe.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.TopicReader;

/**
 * A job outlives the instance that ran it: one whose lease ran out ends FAILED with a true reason and is never
 * moved again, and a ready draft Kafka never acknowledged is sent by the relay, once.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class InterruptedJobsTest {

    @Inject
    RunningJobs running;

    @Inject
    DraftReadyRelay relay;

    @Inject
    DraftJobs jobs;

    @Test
    void aJobWhoseInstanceStoppedEndsFailedWithTheStepItReachedAndIsNeverMovedAgain() throws Exception {
        UUID beforeTheModel = job("CONTEXT_FETCHED", "-1 minute", null);
        UUID afterTheGuard = job("GUARD_PASSED", "-1 minute", null);
        UUID stillRunning = job("PSEUDONYMIZED", "+1 minute", null);
        UUID ready = job("READY", "-1 minute", Instant.now());

        List<UUID> ended = running.endInterrupted().stream().map(DraftJobs.Interrupted::id).toList();
        assertTrue(ended.containsAll(List.of(beforeTheModel, afterTheGuard)), "ended " + ended);
        assertFalse(ended.contains(stillRunning) || ended.contains(ready), "ended " + ended);

        assertEquals("FAILED", column(beforeTheModel, "state"));
        String reason = column(beforeTheModel, "reason");
        assertTrue(reason.startsWith("interrupted after CONTEXT_FETCHED: the scribe-service instance drafting it "
                + "stopped") && reason.endsWith("nothing was sent to a model"), reason);
        assertEquals(reason, lastEvent(beforeTheModel), "the clinician's stream ends on the same words");
        assertFalse(column(afterTheGuard, "reason").contains("nothing was sent"),
                "after the guard passed the model may have been called: " + column(afterTheGuard, "reason"));
        assertEquals("PSEUDONYMIZED", column(stillRunning, "state"));
        assertEquals("READY", column(ready, "state"));

        assertFalse(running.endInterrupted().stream().anyMatch(job -> job.id().equals(beforeTheModel)),
                "ended once");
        // the pipeline that outlived its lease cannot move the job on: its end stands
        assertThrows(DraftJobs.JobEnded.class, () -> jobs.step(beforeTheModel, DraftState.READY, null));
        assertEquals("FAILED", column(beforeTheModel, "state"));
    }

    @Test
    void aReadyDraftKafkaNeverAcknowledgedIsSentByTheRelayOnce() throws Throwable {
        UUID unsent = job("READY", "-1 minute", null);
        UUID sent = job("READY", "-1 minute", Instant.now());
        // its lease still runs, on the database's clock (however recent updated_at looks): its pipeline's own send
        // may still be waiting for Kafka
        UUID justStored = job("READY", "+1 minute", null);
        setUpdatedAt(justStored, "-10 minutes");

        VertxContextSupport.subscribeAndAwait(() -> relay.relay());
        assertNotNull(column(unsent, "ready_published_at"));
        assertNull(column(justStored, "ready_published_at"));
        TopicReader.await(BackingServices.kafka().bootstrapServers(), Topics.DRAFTS_READY,
                record -> record.contains(unsent.toString()), Duration.ofSeconds(20));

        VertxContextSupport.subscribeAndAwait(() -> relay.relay());
        List<String> records = TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.DRAFTS_READY);
        assertEquals(1, records.stream().filter(r -> r.contains(unsent.toString())).count(), "sent once");
        assertEquals(0, records.stream().filter(r -> r.contains(sent.toString())).count(), "never sent again");
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    /** A job at {@code state} whose lease ends at now {@code leaseFromNow}; tokens only, as the pipeline stores. */
    private static UUID job(String state, String leaseFromNow, Instant publishedAt) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection db = db(); PreparedStatement insert = db.prepareStatement("insert into scribe.draft_job "
                + "(id, requested_by, purpose, note_type, state, patient_ref, draft_text, created_at, updated_at, "
                + "lease_until, ready_published_at) values (?, 'someone', 'progress-note', '11506-3', ?, "
                + "'[[PATIENT_REF_1]]', 'Headache for two weeks.', now(), now(), now() + interval '" + leaseFromNow
                + "', ?)")) {
            insert.setObject(1, id);
            insert.setString(2, state);
            insert.setObject(3, publishedAt == null ? null : java.sql.Timestamp.from(publishedAt));
            insert.executeUpdate();
        }
        return id;
    }

    private static void setUpdatedAt(UUID id, String fromNow) throws Exception {
        try (Connection db = db(); PreparedStatement update = db.prepareStatement(
                "update scribe.draft_job set updated_at = now() + interval '" + fromNow + "' where id = ?")) {
            update.setObject(1, id);
            update.executeUpdate();
        }
    }

    private static String column(UUID id, String column) throws Exception {
        try (Connection db = db(); PreparedStatement select = db.prepareStatement(
                "select " + column + " from scribe.draft_job where id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static String lastEvent(UUID id) throws Exception {
        try (Connection db = db(); PreparedStatement select = db.prepareStatement(
                "select state, detail from scribe.draft_event where job_id = ? order by pk desc limit 1")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                assertEquals("FAILED", row.getString(1));
                return row.getString(2);
            }
        }
    }
}
