package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.signet.services.app.SignetModule;
import org.signet.services.bench.AuditLoad;
import org.signet.services.client.SignetClient;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.ReliabilityReport;

/**
 * audit-service killed (SIGKILL) in the middle of ingesting, then started again: every event is stored exactly once,
 * and the chain still verifies. The offsets of what was not committed are redelivered; the ledger skips ids it has.
 */
class AuditStoreCrashTest {

    private static final int EVENTS = 30_000;

    @Test
    void killedMidIngestTheStoreLosesNothingAndDuplicatesNothing() throws Exception {
        for (SignetModule module : SignetModule.values()) {
            BackingServices.signetService(module); // signoff too: the auditor's token and the chain's check
        }
        AuditLoad load = new AuditLoad(BackingServices.kafka().bootstrapServers(),
                BackingServices.postgres().jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                load.send(EVENTS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Instant deadline = Instant.now().plusSeconds(60);
        while (load.stored()[0] == 0) {
            assertTrue(Instant.now().isBefore(deadline), "audit-service stored nothing within 60 s");
            Thread.sleep(20);
        }
        BackingServices.signetService(SignetModule.AUDIT).kill();
        long atKill = load.stored()[0];
        assertTrue(atKill < EVENTS, "killed mid-ingest (" + atKill + " of " + EVENTS + " stored)");
        sent.get();

        BackingServices.restartSignetService(SignetModule.AUDIT);
        load.awaitStored(EVENTS, Instant.now(), Duration.ofMinutes(3));
        Thread.sleep(2_000); // a redelivery that would duplicate has had time to land
        long[] stored = load.stored();
        assertEquals(EVENTS, stored[0], "every event stored, none twice");
        assertEquals(EVENTS, stored[1]);

        String auditor = new SignetClient(BackingServices.peerUrl(SignetModule.SIGNOFF),
                BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM))
                .userToken("aud.itor", BackingServices.TEST_USER_PASSWORD);
        HttpResponse<String> verify = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                BackingServices.peerUrl(SignetModule.AUDIT) + "/v1/audit/verify"))
                .header("Authorization", "Bearer " + auditor).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, verify.statusCode(), verify.body());
        JsonNode report = new ObjectMapper().readTree(verify.body());
        assertTrue(report.path("intact").asBoolean(), "the chain verifies after the crash: " + report);
        ReliabilityReport.fault("audit-service-killed-mid-ingest", 0, 0);
    }
}
