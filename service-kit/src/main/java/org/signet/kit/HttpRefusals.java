package org.signet.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.signet.contracts.Problem;
import org.signet.contracts.ProblemTypes;

/**
 * The refusals answered below Quarkus REST, by Quarkus's HTTP layer before any resource is chosen, as the same
 * RFC 9457 problem JSON as {@link ProblemMapper}: a request line or body over the limit, a missing or refused token
 * (HTTP permissions authenticate before routing, so a wrong method tells nothing to a caller without one), and any
 * other 4xx a route fails with.
 */
@ApplicationScoped
public class HttpRefusals {

    private static final Logger LOG = Logger.getLogger(HttpRefusals.class);
    /** First: before authentication, and before Quarkus's own body-size check (which answers 413 with no body). */
    private static final int FIRST = RouteConstants.ROUTE_ORDER_HEADERS;

    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final int maxUriLength;
    private final List<String> authenticatedPaths;
    private final Optional<String> credentialCookie;

    public HttpRefusals(ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBody,
            // Vert.x answers 414 itself, with no body, only past quarkus.http.limits.max-initial-line-length: keep
            // that well above this, so a long request line is refused here, as problem JSON.
            @ConfigProperty(name = "signet.http.max-uri-length", defaultValue = "8192") int maxUriLength,
            // the HTTP permission that makes the API authenticate before routing (see each service's config)
            @ConfigProperty(name = "quarkus.http.auth.permission.api.paths") Optional<List<String>> authenticated,
            // a service whose browsers authenticate with a session cookie names it (signoff's SMART launch)
            @ConfigProperty(name = "signet.http.credential-cookie") Optional<String> credentialCookie) {
        this.json = json;
        this.maxBodyBytes = maxBody.asLongValue();
        this.maxUriLength = maxUriLength;
        this.authenticatedPaths = authenticated.orElse(List.of());
        this.credentialCookie = credentialCookie;
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::beforeRouting);
        router.route().order(FIRST).failureHandler(this::failed);
    }

    private void beforeRouting(RoutingContext ctx) {
        if (!hasBearer(ctx) && !hasCredentialCookie(ctx) && authenticated(ctx.normalizedPath())) {
            // Quarkus's HTTP permission would refuse this too, but with a bare challenge (no body)
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(ctx, ProblemTypes.UNAUTHENTICATED, 401, "A valid bearer token is required.");
            return;
        }
        if (ctx.request().uri().length() > maxUriLength) {
            refuse(ctx, ProblemTypes.URI_TOO_LONG, 414, "The request line is longer than " + maxUriLength
                    + " characters.");
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodyBytes) {
            // the body is not read: close rather than drain it
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            refuse(ctx, ProblemTypes.PAYLOAD_TOO_LARGE, 413, "The body is larger than " + maxBodyBytes + " bytes.");
            return;
        }
        ctx.next();
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten() || ctx.response().closed()) {
            ctx.next(); // nothing left to answer (or no one to answer to: a client that went away)
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof AuthenticationCompletionException) {
            if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
                RefusedTokens.refused();
            }
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(ctx, ProblemTypes.UNAUTHENTICATED, 401, credentialCookie.isPresent()
                    ? "A valid bearer token or session is required." : "A valid bearer token is required.");
        } else if (failure instanceof ForbiddenException) {
            refuse(ctx, ProblemTypes.FORBIDDEN, 403, "Your role does not allow this action.");
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            refuse(ctx, ProblemMapper.typeOf(ctx.statusCode()), ctx.statusCode(), null);
        } else {
            // the class goes to the log (no message: it could quote input); the caller gets no internals
            LOG.errorf("unexpected %s", failure == null ? "status " + ctx.statusCode() : failure.getClass().getName());
            LOG.debug("stack", failure);
            refuse(ctx, ProblemTypes.INTERNAL, 500, "The service failed; the error is logged.");
        }
    }

    private void refuse(RoutingContext ctx, URI type, int status, String detail) {
        Problem problem = Problem.of(type, ProblemMapper.titleOf(status), status, detail);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemTypes.MEDIA_TYPE).end(body);
    }

    private boolean hasCredentialCookie(RoutingContext ctx) {
        return credentialCookie.isPresent() && ctx.request().getCookie(credentialCookie.get()) != null;
    }

    private static boolean hasBearer(RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** Whether the permission's paths ({@code /v1/*} prefixes or exact paths) cover this one. */
    private boolean authenticated(String path) {
        for (String pattern : authenticatedPaths) {
            if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return true;
                }
            } else if (path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed Content-Length itself
        }
    }
}
