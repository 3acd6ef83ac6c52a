package org.signet.signoff.smart;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.Problem;
import org.signet.contracts.ProblemTypes;
import org.signet.kit.AuditTrail;

/**
 * {@code GET /v1/session}: what a SMART launch established for this browser — the one contract tests and tools use
 * to see it: {@code {"user","roles","fhirUser","patient","encounter","iss"}}. {@code DELETE /v1/session} logs out:
 * the session row and its token are dropped and the cookie expired.
 */
@Path("/v1/session")
public class SessionResource {

    /** What a launch established; {@code patient} and {@code encounter} are FHIR ids on {@code iss}, or null. */
    public record SessionView(String user, List<String> roles, String fhirUser, String patient, String encounter,
            String iss) {}

    private final SmartSessions sessions;
    private final SessionTokens tokens;
    private final SecurityIdentity identity;
    private final SmartConfig config;
    private final AuditTrail audit;

    public SessionResource(SmartSessions sessions, SessionTokens tokens, SecurityIdentity identity, SmartConfig config,
            AuditTrail audit) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.identity = identity;
        this.config = config;
        this.audit = audit;
    }

    @GET
    public Uni<Response> session(@CookieParam(SmartLaunchResource.COOKIE) String cookie) {
        if (cookie == null) {
            return Uni.createFrom().item(noSession());
        }
        return sessions.find(cookie).map(found -> found.map(s -> Response.ok(new SessionView(s.username(),
                        identity.getRoles().stream().sorted().toList(), s.fhirUser(), s.patient(), s.encounter(),
                        s.iss())).header(HttpHeaders.CACHE_CONTROL, "no-store").build())
                .orElseGet(SessionResource::noSession));
    }

    @DELETE
    public Uni<Response> logout(@CookieParam(SmartLaunchResource.COOKIE) String cookie) {
        if (cookie == null) {
            return Uni.createFrom().item(noSession());
        }
        tokens.forget(cookie);
        String user = identity.getPrincipal().getName();
        return sessions.close(cookie)
                .call(closed -> audit.record(user, "smart.logout", AuditEvent.Outcome.SUCCESS, null, null, "session",
                        Map.of()))
                .map(closed -> Response.noContent().cookie(new NewCookie.Builder(SmartLaunchResource.COOKIE)
                        .value("").path("/").httpOnly(true).secure(config.cookieSecure())
                        .sameSite(NewCookie.SameSite.LAX).maxAge(0).build()).build());
    }

    private static Response noSession() {
        return Response.status(404).type(MediaType.valueOf(ProblemTypes.MEDIA_TYPE))
                .entity(Problem.of(ProblemTypes.NOT_FOUND, "No launched session", 404,
                        "This browser has no session from a SMART launch."))
                .build();
    }
}
