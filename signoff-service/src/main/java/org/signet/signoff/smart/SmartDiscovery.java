package org.signet.signoff.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Reads and caches each trusted EHR's {@code <iss>/.well-known/smart-configuration} (only for an {@code iss} already
 * found in {@link SmartConfig}: an untrusted one is never fetched). Kept five minutes, so a changed EHR is seen soon.
 */
@ApplicationScoped
public class SmartDiscovery {

    private static final Duration KEEP = Duration.ofMinutes(5);
    private final ObjectMapper json;

    private record Cached(SmartServer server, Instant until) {}

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final WebClient http;

    public SmartDiscovery(Vertx vertx, ObjectMapper json) {
        this.json = json;
        this.http = WebClient.create(vertx);
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** The EHR's SMART configuration, from the cache or fetched (retried twice, 5 s each). */
    @Timeout
    @Retry(abortOn = LaunchRefused.class)
    public Uni<SmartServer> server(String iss) {
        Cached cached = cache.get(iss);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return Uni.createFrom().item(cached.server());
        }
        String base = iss.endsWith("/") ? iss.substring(0, iss.length() - 1) : iss;
        return http.getAbs(base + "/.well-known/smart-configuration").putHeader("Accept", "application/json").send()
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw LaunchRefused.ehrUnavailable("The EHR's SMART configuration answered "
                                + response.statusCode() + ".");
                    }
                    JsonNode doc;
                    try {
                        doc = json.readTree(response.bodyAsString());
                    } catch (Exception e) {
                        throw LaunchRefused.ehrUnavailable("The EHR's SMART configuration is not JSON.");
                    }
                    SmartServer server = SmartServer.of(doc);
                    cache.put(iss, new Cached(server, Instant.now().plus(KEEP)));
                    return server;
                });
    }
}
