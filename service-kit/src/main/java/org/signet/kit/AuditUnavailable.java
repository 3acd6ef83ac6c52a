package org.signet.kit;

/**
 * The audit trail did not acknowledge an event in time (the broker restarting or unreachable), or refused it. What
 * the event recorded must then not happen: the request fails, answered 503 with Retry-After by {@link ProblemMapper}
 * (a dependency is down; asking again is worth it), never 500. The message names no PHI.
 */
public final class AuditUnavailable extends RuntimeException {

    public AuditUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
