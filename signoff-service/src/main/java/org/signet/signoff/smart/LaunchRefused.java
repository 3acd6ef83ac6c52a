package org.signet.signoff.smart;

/**
 * A launch, callback or session request Signet refuses: an RFC 9457 problem (a page for a browser), audited as
 * {@code action} with {@link org.signet.contracts.AuditEvent.Outcome#DENIED}. Messages name no patient.
 */
public final class LaunchRefused extends RuntimeException {

    private final int status;
    private final String title;
    private final String reason;

    /**
     * @param reason a short machine-readable reason for the audit trail ({@code untrusted-iss}, {@code bad-state} ...)
     */
    public LaunchRefused(int status, String title, String reason, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
        this.reason = reason;
    }

    static LaunchRefused badRequest(String reason, String detail) {
        return new LaunchRefused(400, "SMART launch refused", reason, detail);
    }

    static LaunchRefused forbidden(String reason, String detail) {
        return new LaunchRefused(403, "No Signet access for this EHR user", reason, detail);
    }

    static LaunchRefused ehrUnavailable(String detail) {
        return new LaunchRefused(502, "The EHR did not answer", "ehr-unavailable", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String reason() {
        return reason;
    }
}
