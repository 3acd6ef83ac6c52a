package org.signet.kit;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often one account, and one OAuth client, may make each kind of call that costs or discloses much: requests
 * for a draft (each one runs a model), re-identifications (each one discloses PHI), admin changes (each one changes
 * what data may flow). A rolling window per account and per client, SmallRye Fault Tolerance's rate limit, one guard
 * per key; limits come from {@code signet.rate-limits.<kind>.*} (defaults in service-kit's
 * {@code META-INF/microprofile-config.properties}).
 *
 * <p>The counts live in this process: with two replicas behind a balancer an account gets up to twice its limit.
 * That still stops a runaway script or a stolen token's bulk export, which is what these limits are for.
 */
@ApplicationScoped
public class RateLimits {

    /** The kinds of call limited, by their configuration name. */
    public enum Kind {
        DRAFT_REQUESTS("draft-requests", "draft requests"),
        REIDENTIFICATIONS("reidentifications", "re-identifications"),
        ADMIN_CHANGES("admin-changes", "admin changes");

        private final String key;
        private final String words;

        Kind(String key, String words) {
            this.key = key;
            this.words = words;
        }

        public String key() {
            return key;
        }

        public String words() {
            return words;
        }
    }

    @ConfigMapping(prefix = "signet.rate-limits")
    public interface Config {

        Limit draftRequests();

        Limit reidentifications();

        Limit adminChanges();

        default Limit of(Kind kind) {
            return switch (kind) {
                case DRAFT_REQUESTS -> draftRequests();
                case REIDENTIFICATIONS -> reidentifications();
                case ADMIN_CHANGES -> adminChanges();
            };
        }

        interface Limit {
            /** Calls one account may make per window. */
            int perAccount();

            /** Calls one OAuth client may make per window, for all its users together. */
            int perClient();

            Duration window();
        }
    }

    private final Config config;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    public RateLimits(Config config) {
        this.config = config;
    }

    /**
     * Counts one call of this kind for the account and the client.
     *
     * @return empty when the call may go on; otherwise how long until it may be tried again, in milliseconds
     */
    public OptionalLong acquire(Kind kind, String account, String client) {
        Config.Limit limit = config.of(kind);
        OptionalLong wait = permit(kind.key() + "|account|" + account, limit.perAccount(), limit.window());
        if (wait.isPresent() || client == null) {
            return wait;
        }
        return permit(kind.key() + "|client|" + client, limit.perClient(), limit.window());
    }

    private OptionalLong permit(String key, int perWindow, Duration window) {
        Guard guard = guards.computeIfAbsent(key, k -> Guard.create().withDescription("rate limit " + k)
                .withRateLimit().limit(perWindow).window(window.toMillis(), ChronoUnit.MILLIS)
                .type(RateLimitType.ROLLING).done().build());
        try {
            guard.get(() -> Boolean.TRUE, Boolean.class);
            return OptionalLong.empty();
        } catch (RateLimitException e) {
            return OptionalLong.of(Math.max(1, e.getRetryAfterMillis()));
        }
    }
}
