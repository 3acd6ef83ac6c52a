package org.signet.signoff.service;

import java.net.URI;
import org.signet.contracts.ProblemTypes;

/** A refusal or failure the caller should understand; the message must be PHI-free. */
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

    public static DomainException notFound(String what) {
        return new DomainException(ProblemTypes.NOT_FOUND, "Not found", 404, what + " does not exist.");
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

    public static DomainException conflict(String what) {
        return new DomainException(ProblemTypes.CONFLICT, "Conflict", 409, what);
    }

    /** The caller's {@code If-Match} names a version that is no longer current. */
    public static DomainException preconditionFailed() {
        return new DomainException(ProblemTypes.CONFLICT, "Precondition Failed", 412,
                "The draft changed since you loaded it; reload it and try again.");
    }

    /** An edit must say which version it edits. */
    public static DomainException preconditionRequired() {
        return new DomainException(ProblemTypes.MALFORMED_REQUEST, "Precondition Required", 428,
                "Send If-Match with the draft's ETag.");
    }

    public static DomainException upstreamUnavailable(String what) {
        return new DomainException(ProblemTypes.UPSTREAM_UNAVAILABLE, "Service Unavailable", 503, what);
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
