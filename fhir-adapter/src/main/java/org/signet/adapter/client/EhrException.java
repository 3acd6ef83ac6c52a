package org.signet.adapter.client;

/**
 * A failed EHR interaction, classified by what the caller should do about it. Messages are PHI-free: status
 * codes, issue codes, element paths; quoted values from the EHR's diagnostics are elided.
 */
public class EhrException extends RuntimeException {

    /** What kind of failure, which decides retry versus give up. */
    public enum Kind {
        /** 5xx, 408/429, timeouts, refused connections, an unreachable token endpoint: retry later. */
        UNAVAILABLE,
        /** the EHR (or its authorization server) refused fhir-adapter's credentials, even after one refresh. */
        CREDENTIALS_REFUSED,
        /** the EHR rejected the request itself (4xx): retrying the same request cannot help. */
        REJECTED
    }

    private final Kind kind;
    private final int status;

    public EhrException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status from the EHR, 0 when there was no answer. */
    public int status() {
        return status;
    }

    public boolean isTransient() {
        return kind == Kind.UNAVAILABLE;
    }
}
