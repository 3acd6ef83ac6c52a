package org.signet.scribe.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.signet.contracts.Topics;
import org.signet.scribe.draft.DraftJobs;
import org.signet.services.testing.HostileInputs;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.ProblemAssertions;
import org.signet.services.testing.RateLimitProbe;
import org.signet.services.testing.StateSnapshot;

/**
 * Hostile input against the drafting API: every malformed, oversized or probing request is refused as problem JSON
 * that repeats nothing, no job is created and nothing is published.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class HostileInputTest {

    private static final long BODY_LIMIT = 1_048_576;

    @TestHTTPResource("/")
    URI base;

    @Inject
    DraftJobs jobs;

    @ConfigProperty(name = "signet.scribe.max-streams-per-account")
    int maxStreams;

    /**
     * Progress streams of a job that does not end, opened and never read: each holds a worker, so one account may
     * hold only a few; past them a 429 problem, and a stream closed frees its place.
     */
    @Test
    void progressStreamsNobodyReadsAreBoundedPerAccount() throws Exception {
        String username = RateLimitProbe.freshUser("clinician");
        String token = KeycloakTokens.user(username);
        UUID job = UUID.randomUUID();
        jobs.create(job, KeycloakTokens.subject(username), "progress-note", "11506-3", "extractive");
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < maxStreams; i++) {
                silent.add(openAndNeverRead(job, token));
            }
            HttpResponse<String> refused = stream(job, token);
            ProblemAssertions.assertProblem(429, refused.statusCode(),
                    refused.headers().firstValue("Content-Type").orElse(null), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "no Retry-After");
            silent.remove(0).close();
            long deadline = System.currentTimeMillis() + 10_000;
            int status;
            do {
                Thread.sleep(250);
                status = openStatus(job, token, silent);
            } while (status == 429 && System.currentTimeMillis() < deadline);
            assertEquals(200, status, "a closed stream frees its place");
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    /** Opens the job's progress stream over a raw socket, reads the status line and never reads again. */
    private Socket openAndNeverRead(UUID job, String token) throws Exception {
        List<Socket> opened = new ArrayList<>();
        assertEquals(200, openStatus(job, token, opened), "a stream within the limit opens");
        return opened.get(0);
    }

    private int openStatus(UUID job, String token, List<Socket> opened) throws Exception {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.getOutputStream().write(("GET /v1/drafts/" + job + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        socket.setSoTimeout(10_000);
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        int status = Integer.parseInt(line.toString().split(" ")[1]);
        if (status == 200) {
            opened.add(socket);
        } else {
            socket.close();
        }
        return status;
    }

    private HttpResponse<String> stream(UUID job, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("v1/drafts/" + job + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedOversizedAndProbingRequestsAreRefusedAndChangeNothing() throws Exception {
        // accounts of their own: every draft request counts against its account's rate limit
        String clinician = KeycloakTokens.user(RateLimitProbe.freshUser("clinician"));
        String admin = KeycloakTokens.user(RateLimitProbe.freshUser("admin"));
        List<HostileInputs.Case> cases = new ArrayList<>();
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/drafts", clinician,
                "{\"patient\": 42, \"encounter\": [\"x\"], \"transcript\": {\"a\": \"" + HostileInputs.MARKER + "\"}}",
                BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forJsonOperation("POST", "/v1/providers", admin,
                "{\"id\": \"x\", \"kind\": [\"" + HostileInputs.MARKER + "\"], \"enabled\": {\"a\": 1}}", BODY_LIMIT, Map.of()));
        cases.addAll(HostileInputs.forIdInPath("GET", "/v1/drafts/{id}", clinician, null, 404));
        cases.addAll(HostileInputs.forIdInPath("GET", "/v1/drafts/{id}/events", clinician, null, 404));
        StateSnapshot before = StateSnapshot.settled("scribe", List.of("purge_run"), List.of(Topics.DRAFTS_READY));
        HostileInputs.assertRefused(base, cases);
        StateSnapshot.take("scribe", List.of("purge_run"), List.of(Topics.DRAFTS_READY)).assertSameAs(before);
    }
}
