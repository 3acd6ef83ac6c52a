package org.signet.signoff.admin;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.signet.kit.DomainException;

/**
 * The admin console's calls to the services that own what it configures, and the auditor's page's calls to
 * audit-service, made with the user's own bearer token (each service checks the role, the step-up and the ETag
 * itself; signoff adds nothing and keeps nothing). Through Quarkus's Vert.x client, so each call is a span of the
 * admin's request and carries its trace on to the owning service.
 */
@ApplicationScoped
public class AdminPeers {

    /** Which service owns an area of the console, and the API path it has there. */
    public enum Area {
        PURPOSES("fhir-adapter", "/v1/purposes"),
        CONSENT("fhir-adapter", "/v1/consent"),
        PROVIDERS("scribe-service", "/v1/providers"),
        PROFILE("tokenization-service", "/v1/pseudonymization/profile"),
        /** Read by the retention page only (not through the gateway). */
        TOKENIZATION_RETENTION("tokenization-service", "/v1/retention"),
        SCRIBE_RETENTION("scribe-service", "/v1/retention"),
        /** The auditor's page: audit-service's API (its own role check: auditor). */
        AUDIT("audit-service", "/v1/audit");

        final String service;
        final String path;

        Area(String service, String path) {
            this.service = service;
            this.path = path;
        }

        static Optional<Area> named(String name) {
            return switch (name) {
                case "purposes" -> Optional.of(PURPOSES);
                case "consent" -> Optional.of(CONSENT);
                case "providers" -> Optional.of(PROVIDERS);
                case "profile" -> Optional.of(PROFILE);
                default -> Optional.empty();
            };
        }
    }

    /** An answer passed back as it came: status, the headers the console needs, the body. */
    public record Answer(int status, String contentType, String etag, String wwwAuthenticate, String retryAfter,
            byte[] body) {}

    private final WebClient http;
    private final String adapter;
    private final String scribe;
    private final String tokenization;
    private final String audit;

    public AdminPeers(Vertx vertx,
            @ConfigProperty(name = "signet.signoff.admin-peers.connect-timeout", defaultValue = "5s")
            Duration connectTimeout,
            @ConfigProperty(name = "signet.peers.fhir-adapter", defaultValue = "http://localhost:8182")
            String adapter,
            @ConfigProperty(name = "signet.peers.scribe-service", defaultValue = "http://localhost:8183") String scribe,
            @ConfigProperty(name = "signet.peers.tokenization-service", defaultValue = "http://localhost:8181")
            String tokenization,
            @ConfigProperty(name = "signet.peers.audit-service", defaultValue = "http://localhost:8186") String audit) {
        this.http = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) connectTimeout.toMillis()));
        this.adapter = strip(adapter);
        this.scribe = strip(scribe);
        this.tokenization = strip(tokenization);
        this.audit = strip(audit);
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /**
     * @param rest      the path below the area's ({@code /id/versions}), already checked to be plain segments
     * @param rawQuery  the query as the console sent it, or null
     * @param ifMatch   passed on for optimistic concurrency, or null
     */
    @Timeout // how long, in configuration; never retried: whether to repeat a change is the admin's call
    public Uni<Answer> call(String bearer, String method, Area area, String rest, String rawQuery, String ifMatch,
            String contentType, byte[] body) {
        String uri = base(area) + area.path + rest + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        HttpRequest<Buffer> request = http.requestAbs(HttpMethod.valueOf(method), uri)
                .putHeader("Authorization", "Bearer " + bearer).putHeader("Accept", "application/json");
        if (ifMatch != null) {
            request.putHeader("If-Match", ifMatch);
        }
        Uni<HttpResponse<Buffer>> sent;
        if (body != null && body.length > 0) {
            request.putHeader("Content-Type", contentType == null ? "application/json" : contentType);
            sent = request.sendBuffer(Buffer.buffer(body));
        } else {
            sent = request.send();
        }
        return sent.map(r -> new Answer(r.statusCode(), r.getHeader("Content-Type"), r.getHeader("ETag"),
                        r.getHeader("WWW-Authenticate"), r.getHeader("Retry-After"),
                        r.body() == null ? new byte[0] : r.body().getBytes()))
                .onFailure().transform(e -> DomainException.unavailable("Service unavailable", area.service
                        + " did not answer; nothing was changed by this request. Try again shortly."));
    }

    private String base(Area area) {
        return switch (area.service) {
            case "fhir-adapter" -> adapter;
            case "scribe-service" -> scribe;
            case "audit-service" -> audit;
            default -> tokenization;
        };
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
