package org.signet.signoff.smart;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The realm-signet token each launched session acts with, held in memory only (never stored, never sent to the
 * browser) and renewed through {@link SignetUserTokens} when it has less than half a minute left. A restart or a
 * second replica simply asks Keycloak again.
 */
@ApplicationScoped
public class SessionTokens {

    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

    private final Map<String, SignetUserTokens.UserToken> bySession = new ConcurrentHashMap<>();
    private final SignetUserTokens tokens;

    public SessionTokens(SignetUserTokens tokens) {
        this.tokens = tokens;
    }

    /** A usable token for the session named by {@code cookie}. */
    public Uni<String> current(String cookie, SmartSessions.Session session) {
        String key = SmartSessions.hash(cookie);
        SignetUserTokens.UserToken held = bySession.get(key);
        if (held != null && held.expiresAt().isAfter(Instant.now().plus(RENEW_BEFORE))) {
            return Uni.createFrom().item(held.accessToken());
        }
        return tokens.tokenFor(session.subject()).map(fresh -> {
            bySession.put(key, fresh);
            return fresh.accessToken();
        });
    }

    /** Drops the session's token (logout). */
    public void forget(String cookie) {
        bySession.remove(SmartSessions.hash(cookie));
    }

    /** Drops tokens that have expired (sessions that ended without a logout). */
    @io.quarkus.scheduler.Scheduled(every = "5m")
    void purge() {
        Instant now = Instant.now();
        bySession.values().removeIf(token -> token.expiresAt().isBefore(now));
    }
}
