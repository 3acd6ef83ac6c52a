package org.signet.services.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.signet.services.LocalStack;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SignetClient;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.process.JvmLogging;

/**
 * {@code bin/signet bench-audit [EVENTS]} (and part of {@code bin/signet bench}): audit-service's figures on the
 * running local stack, one {@code name=value unit} line each.
 *
 * <ul>
 *   <li>{@code audit_ingest_events_per_s}: EVENTS synthetic events (default 50,000) put on {@code audit.events}
 *       while the clock runs, until the store holds them all, hash-chained;</li>
 *   <li>{@code audit_verify_events_per_s}: the whole chain walked by {@code GET /v1/audit/verify}, as the service
 *       reports it (records over its own walking time), the second of two runs.</li>
 * </ul>
 */
public final class AuditFigures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AuditFigures() {}

    public static void main(String[] args) throws Exception {
        JvmLogging.infoAndAbove();
        run(args.length > 0 ? Integer.parseInt(args[0]) : 50_000);
    }

    static void run(int events) throws Exception {
        AuditLoad load = new AuditLoad("127.0.0.1:" + LocalStack.KAFKA_PORT, "jdbc:postgresql://127.0.0.1:"
                + LocalStack.POSTGRES_PORT + "/" + PostgresServer.DATABASE, PostgresServer.USER,
                PostgresServer.PASSWORD);
        Instant start = Instant.now();
        load.send(events);
        Duration took = load.awaitStored(events, start, Duration.ofMinutes(10));
        System.out.printf("audit_ingest_events_per_s=%.0f events/s (%d events, hash-chained, %.1f s)%n",
                events / (took.toMillis() / 1000.0), events, took.toMillis() / 1000.0);

        String token = new SignetClient(LocalStack.SIGNOFF_URL, LocalStack.REALM_URL).userToken("aud.itor",
                System.getenv().getOrDefault("SIGNET_DEV_PASSWORD", "signet-dev"));
        verify(token);
        JsonNode report = verify(token);
        long records = report.path("records").asLong();
        long millis = Math.max(1, report.path("millis").asLong());
        System.out.printf("audit_verify_events_per_s=%.0f events/s (%d records in %d ms, intact=%s)%n",
                records * 1000.0 / millis, records, millis, report.path("intact").asText());
    }

    private static JsonNode verify(String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + SignetModule.AUDIT.localPort() + "/v1/audit/verify")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /v1/audit/verify answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
