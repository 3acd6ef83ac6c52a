package org.signet.scribe.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.signet.services.app.SignetModule;
import org.signet.services.process.Ports;
import org.signet.services.process.RoundRobinFront;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.CanaryChart;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;

/**
 * Each peer scribe-service drafts with (tokenization-service, fhir-adapter) stands behind a front whose every other
 * connection goes to a replica that dies under the call (it reads the request and closes). The draft is still made:
 * the calls safe to repeat are made again on a new connection, which reaches the live replica.
 */
@QuarkusTest
@TestProfile(LostConnectionTest.PeersWithADyingReplica.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,fhir-adapter"))
class LostConnectionTest {

    /** Connections the dying replicas took and dropped. */
    static final AtomicInteger DROPPED = new AtomicInteger();

    public static class PeersWithADyingReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.tokenization.url", front(SignetModule.TOKENIZATION),
                    "quarkus.rest-client.fhir-adapter.url", front(SignetModule.FHIR_ADAPTER));
        }
    }

    /** A front on a free port: the peer's real process, and a replica that drops each connection it is given. */
    private static String front(SignetModule peer) {
        int real = URI.create(BackingServices.peerUrl(peer)).getPort();
        int port = Ports.free();
        // the dying replica comes first, so the very first call meets it
        RoundRobinFront.start(peer.module() + "-flaky", port, List.of(dyingReplica(), real));
        return "http://localhost:" + port;
    }

    private static int dyingReplica() {
        try {
            ServerSocket server = new ServerSocket(0);
            Thread thread = new Thread(() -> {
                while (true) {
                    try (Socket call = server.accept(); InputStream in = call.getInputStream()) {
                        in.read(new byte[1024]); // the request arrived; the replica dies before it answers
                        DROPPED.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "dying-replica");
            thread.setDaemon(true);
            thread.start();
            return server.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDraftIsMadeThoughAPeerReplicaDiesUnderItsCalls() {
        int droppedBefore = DROPPED.get();
        CanaryChart chart = CanaryChart.load(false, "LOSTCONN");
        String id = DraftPipelineTest.requestDraft("dr.ada", chart, "extractive",
                "Doctor: Blood pressure is 150 over 95 today.\nPatient: I stopped my tablets last week.");
        JsonPath done = DraftPipelineTest.awaitTerminal("dr.ada", id);
        assertEquals("READY", done.getString("state"), done.prettify());
        assertTrue(DROPPED.get() > droppedBefore, "the calls met the dying replica: " + DROPPED.get());
    }
}
