package org.signet.kit;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} to a call of a {@link RateLimited} method over its account's or client's
 * limit. It runs after authentication (each service's HTTP permission authenticates {@code /v1/*} before routing)
 * and before the body is read, so a flood of malformed bodies counts too. The refusal reaches the audit trail as an
 * {@code access.refused} event with status 429, counted like 401s and 403s ({@link AccessRefusals}).
 */
public class RateLimitFilter {

    private final RateLimits limits;
    private final SecurityIdentity identity;

    public RateLimitFilter(RateLimits limits, SecurityIdentity identity) {
        this.limits = limits;
        this.identity = identity;
    }

    @ServerRequestFilter(priority = Priorities.USER)
    public Optional<Response> limit(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        RateLimited limited = method == null ? null : method.getAnnotation(RateLimited.class);
        if (limited == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        OptionalLong waitMillis = limits.acquire(limited.value(), CallerIdentity.account(identity, token),
                CallerIdentity.client(token));
        if (waitMillis.isEmpty()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (waitMillis.getAsLong() + 999) / 1000);
        return Optional.of(ProblemMapper.problem(DomainException.rateLimited("Too many "
                + limited.value().words() + " from this account or client; try again in " + seconds + " s.", seconds)));
    }
}
