package org.signet.scribe.retention;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;

/** Finished draft jobs past their retention are deleted with their steps; running ones and recent ones stay. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class DraftJobPurgeTest {

    @Inject
    DraftJobPurge purge;

    @Test
    void finishedJobsPastRetentionAreDeletedAndThePurgeIsOnRecord() throws Throwable {
        UUID oldReady = job("READY", "100 days");
        UUID oldRefused = job("REFUSED_CONSENT", "95 days");
        UUID oldRunning = job("PSEUDONYMIZED", "100 days");
        UUID recentReady = job("READY", "10 days");
        // a purpose's own retention: shorter, or longer, than the default 90 days
        UUID shortKept = job("READY", "7 days", 5);
        UUID longKept = job("FAILED", "100 days", 200);
        Instant ran = Instant.now();
        int removed = VertxContextSupport.subscribeAndAwait(() -> purge.purge(ran));
        assertEquals(3, removed);
        assertEquals(0, count("select count(*) from scribe.draft_job where id = ?", shortKept));
        assertEquals(1, count("select count(*) from scribe.draft_job where id = ?", longKept));
        assertEquals(0, count("select count(*) from scribe.draft_job where id in (?, ?)", oldReady, oldRefused));
        assertEquals(0, count("select count(*) from scribe.draft_event where job_id = ?", oldReady));
        assertEquals(1, count("select count(*) from scribe.draft_job where id = ?", oldRunning));
        assertEquals(1, count("select count(*) from scribe.draft_job where id = ?", recentReady));
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).get("/v1/retention").then().statusCode(200)
                .body("[0].keptFor", equalTo("PT2160H"))
                .body("[0].lastPurges[0].removed", equalTo(3));
        given().auth().oauth2(KeycloakTokens.user("dr.ada")).get("/v1/retention").then().statusCode(403);
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    private static UUID job(String state, String age) throws Exception {
        return job(state, age, null);
    }

    private static UUID job(String state, String age, Integer retentionDays) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection db = db(); PreparedStatement insert = db.prepareStatement("insert into scribe.draft_job "
                + "(id, requested_by, purpose, note_type, state, created_at, updated_at, retention_days) values (?, "
                + "'someone', 'progress-note', '11506-3', ?, now() - interval '" + age + "', now() - interval '"
                + age + "', " + retentionDays + ")");
                PreparedStatement step = db.prepareStatement("insert into scribe.draft_event (job_id, state, at) "
                        + "values (?, 'RECEIVED', now() - interval '" + age + "')")) {
            insert.setObject(1, id);
            insert.setString(2, state);
            insert.executeUpdate();
            step.setObject(1, id);
            step.executeUpdate();
        }
        return id;
    }

    private static long count(String sql, UUID... ids) throws Exception {
        try (Connection db = db(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < ids.length; i++) {
                query.setObject(i + 1, ids[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
