package org.signet.kit;

import java.net.URI;
import org.signet.contracts.ProblemTypes;

/** A refusal or failure the caller should understand, answered as problem JSON; the message must be PHI-free. */
public class DomainException extends RuntimeException {

    private final URI type;
    private final String title;
    private final int status;

    public DomainException(URI type, String title, int status, String message) {
        super(message);
        this.type = type;
        this.title = title;
        this.status = status;
    }

    /**
     * @param kind what was looked for, in fixed words ({@code "draft"}): never the id asked for, which the caller
     *             typed (and may be a probe) and which they know anyway
     */
    public static DomainException notFound(String kind) {
        return new DomainException(ProblemTypes.NOT_FOUND, "Not found", 404, "No " + kind + " with this id.");
    }

    public static DomainException gone(String what) {
        return new DomainException(ProblemTypes.GONE, "Gone", 410, what);
    }

    public static DomainException forbidden(String what) {
        return new DomainException(ProblemTypes.FORBIDDEN, "Forbidden", 403, what);
    }

    public static DomainException invalid(String what) {
        return new DomainException(ProblemTypes.VALIDATION, "Invalid request", 400, what);
    }

    public static DomainException unprocessable(String what) {
        return new DomainException(ProblemTypes.VALIDATION, "Unprocessable request", 422, what);
    }

    public static DomainException conflict(String what) {
        return new DomainException(ProblemTypes.CONFLICT, "Conflict", 409, what);
    }

    public static DomainException preconditionFailed(String what) {
        return new DomainException(ProblemTypes.CONFLICT, "Precondition Failed", 412, what);
    }

    public static DomainException preconditionRequired(String what) {
        return new DomainException(ProblemTypes.MALFORMED_REQUEST, "Precondition Required", 428, what);
    }

    public static DomainException consentDenied(String what) {
        return new DomainException(ProblemTypes.CONSENT_DENIED, "Consent denied", 403, what);
    }

    /**
     * Too many calls of one kind from this account or client ({@link RateLimits}); answered with {@code Retry-After}.
     *
     * @param retryAfterSeconds when the caller may try again
     */
    public static DomainException rateLimited(String what, long retryAfterSeconds) {
        return new RateLimitedException(what, retryAfterSeconds);
    }

    /** A 429 that carries its {@code Retry-After}. */
    public static final class RateLimitedException extends DomainException {

        private final long retryAfterSeconds;

        RateLimitedException(String what, long retryAfterSeconds) {
            super(ProblemTypes.RATE_LIMITED, "Too many requests", 429, what);
            this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A service this one depends on (the EHR, a Signet peer) cannot answer now. */
    public static DomainException unavailable(String title, String what) {
        return new DomainException(ProblemTypes.UPSTREAM_UNAVAILABLE, title, 503, what);
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
