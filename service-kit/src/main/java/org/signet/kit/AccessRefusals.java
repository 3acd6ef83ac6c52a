package org.signet.kit;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;

/**
 * Puts refused API calls (401, 403 and the 429 of {@link RateLimits} under {@code /v1/}) on the audit trail, so that
 * audit-service can see a burst of them for one account, client or address. Refusals are counted per status, account, OAuth client and address
 * and recorded once per {@code signet.audit.refusals.every} (default 10 s) as one {@code access.refused} event with
 * outcome DENIED and the count: anyone can send refused requests, so they cannot flood the trail one event each.
 */
@ApplicationScoped
public class AccessRefusals {

    private static final Logger LOG = Logger.getLogger(AccessRefusals.class);

    /** One kind of refusal: who (as far as the request showed), from where, answered how. */
    private record Refusal(int status, String actor, String client, String address) {}

    private final AuditTrail audit;
    private final Vertx vertx;
    private final Duration every;
    private final Map<Refusal, Integer> counts = new ConcurrentHashMap<>();

    public AccessRefusals(AuditTrail audit, Vertx vertx,
            @ConfigProperty(name = "signet.audit.refusals.every", defaultValue = "10s") Duration every) {
        this.audit = audit;
        this.vertx = vertx;
        this.every = every;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.addHeadersEndHandler(ignored -> count(ctx));
            ctx.next();
        });
    }

    void start(@Observes StartupEvent started) {
        vertx.setPeriodic(every.toMillis(), ignored -> flush());
    }

    private void count(RoutingContext ctx) {
        int status = ctx.response().getStatusCode();
        if (status != 401 && status != 403 && status != 429 || !ctx.normalizedPath().startsWith("/v1/")) {
            return;
        }
        String actor = "anonymous";
        String client = null;
        if (status != 401 && ctx.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token) {
                client = CallerIdentity.client(token);
                actor = CallerIdentity.account(identity, token);
            }
        }
        String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        // merge and remove are atomic per key: a refusal counted while a flush runs is in this flush or the next
        counts.merge(new Refusal(status, actor, client, address), 1, Integer::sum);
    }

    /** Records what was refused since the last flush, one event per kind of refusal. */
    public void flush() {
        for (Refusal refusal : counts.keySet()) {
            Integer removed = counts.remove(refusal);
            if (removed == null) {
                continue;
            }
            int refused = removed;
            Map<String, String> details = new HashMap<>();
            details.put("status", String.valueOf(refusal.status()));
            details.put("count", String.valueOf(refused));
            details.put("windowSeconds", String.valueOf(every.toSeconds()));
            if (refusal.client() != null) {
                details.put("client", refusal.client());
            }
            if (refusal.address() != null) {
                details.put("clientAddress", refusal.address());
            }
            audit.record(refusal.actor(), "access.refused", AuditEvent.Outcome.DENIED, null, null, "http", details)
                    .subscribe().with(ok -> { }, failure -> LOG.warnf("could not audit %d refused request(s): %s",
                            refused, failure.toString()));
        }
    }
}
