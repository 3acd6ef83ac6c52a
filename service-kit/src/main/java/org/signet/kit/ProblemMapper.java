package org.signet.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.signet.contracts.Problem;
import org.signet.contracts.ProblemTypes;

/**
 * Every error a Signet service answers is RFC 9457 problem JSON with a stable type. Details name ids only: request
 * bodies may carry PHI, so neither they nor parser messages that quote them are echoed back or logged.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response domain(DomainException e) {
        return problem(e);
    }

    /** The problem response of a domain exception, with {@code Retry-After} when it is a rate limit's. */
    public static Response problem(DomainException e) {
        Response problem = problem(e.type(), e.title(), e.status(), e.getMessage());
        if (e instanceof DomainException.RateLimitedException limited) {
            return Response.fromResponse(problem)
                    .header("Retry-After", String.valueOf(limited.retryAfterSeconds())).build();
        }
        return problem;
    }

    @ServerExceptionMapper
    public Response invalidFields(InvalidFields e) {
        return Response.status(422).type(ProblemTypes.MEDIA_TYPE)
                .entity(java.util.Map.of("type", e.type(), "title", e.title(), "status", 422,
                        "detail", e.getMessage(), "errors", e.errors()))
                .build();
    }

    /** RFC 9470: the challenge tells an OAuth client what to ask the authorization server for. */
    @ServerExceptionMapper
    public Response stepUp(StepUp.Required e) {
        return Response.status(401).type(ProblemTypes.MEDIA_TYPE)
                .entity(java.util.Map.of("type", e.type(), "title", e.title(), "status", 401,
                        "detail", e.getMessage(), "maxAge", e.maxAgeSeconds()))
                .header("WWW-Authenticate", "Bearer error=\"insufficient_user_authentication\", error_description=\""
                        + "A fresh sign-in is required\", max_age=" + e.maxAgeSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + " " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(ProblemTypes.VALIDATION, "Invalid request", 400, detail);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        // Jackson's message can quote the offending input; report only where it is.
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return problem(ProblemTypes.MALFORMED_REQUEST, "Malformed JSON", 400, "The body is not valid JSON for this "
                + "request" + where + ".");
    }

    /**
     * Wrong JSON types ({@code "patient": 42}, an array for an object). Quarkus REST's own mapper for this answers
     * 400 with no body; this one, for the same exception type, takes precedence.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    /** JSON nested deeper, or with numbers or strings longer, than Jackson's stream limits allow. */
    @ServerExceptionMapper
    public Response oversizedJson(StreamConstraintsException e) {
        return problem(ProblemTypes.MALFORMED_REQUEST, "Malformed JSON", 400,
                "The body exceeds this service's JSON nesting or size limits.");
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        RefusedTokens.refused();
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(ProblemTypes.FORBIDDEN, "Forbidden", 403, "Your role does not allow this action.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        // Quarkus REST's own refusals (unknown path, unparseable path parameter, wrong method or media type) carry
        // no entity, and their messages may quote the request: answer by status alone.
        return problem(typeOf(status), titleOf(status), status, null);
    }

    /** The problem type of a refusal known only by its status. */
    public static URI typeOf(int status) {
        return switch (status) {
            case 401 -> ProblemTypes.UNAUTHENTICATED;
            case 403 -> ProblemTypes.FORBIDDEN;
            case 404 -> ProblemTypes.NOT_FOUND;
            case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
            case 409, 412 -> ProblemTypes.CONFLICT;
            case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
            case 414 -> ProblemTypes.URI_TOO_LONG;
            default -> ProblemTypes.MALFORMED_REQUEST;
        };
    }

    /** The status's reason phrase, as the problem's title. */
    public static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : status == 414 ? "URI Too Long" : "Bad Request";
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        Throwable outage = outage(e);
        if (outage != null) {
            // the database or a peer restarting: the caller learns it is worth asking again, not that we broke
            LOG.warnf("a dependency is unavailable: %s", outage.getClass().getName());
            return Response.fromResponse(problem(ProblemTypes.UPSTREAM_UNAVAILABLE, "Service Unavailable", 503,
                    "A database or service this one needs cannot be reached right now; try again shortly."))
                    .header("Retry-After", "5").build();
        }
        // The class name and stack go to the log (no message: it could quote input); the caller gets no internals.
        LOG.errorf("unexpected %s", e.getClass().getName());
        LOG.debug("stack", e);
        return problem(ProblemTypes.INTERNAL, "Internal error", 500, "The service failed; the error is logged.");
    }

    /**
     * The connection failure in a cause chain: refused or closed connections, PostgreSQL's own answers while it
     * shuts down or cannot connect (SQLSTATE classes 08 and 57P), an audit trail that did not acknowledge (the
     * broker down) and a call to a peer that outlasted its {@code @Timeout}; null when the failure is something else.
     */
    static Throwable outage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof AuditUnavailable
                    || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                    || t.getClass().getName().equals("io.vertx.sqlclient.ClosedConnectionException")) {
                return t;
            }
            if (t.getClass().getName().equals("io.vertx.pgclient.PgException")) {
                String state = sqlState(t);
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return t;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String sqlState(Throwable pgException) {
        try {
            return (String) pgException.getClass().getMethod("getSqlState").invoke(pgException);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private static Response unauthenticated() {
        return Response.fromResponse(problem(ProblemTypes.UNAUTHENTICATED, "Unauthenticated", 401,
                "A valid bearer token is required.")).header("WWW-Authenticate", "Bearer").build();
    }

    public static Response problem(URI type, String title, int status, String detail) {
        return Response.status(status)
                .type(ProblemTypes.MEDIA_TYPE)
                .entity(Problem.of(type, title, status, detail))
                .build();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
