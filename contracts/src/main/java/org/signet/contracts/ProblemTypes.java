package org.signet.contracts;

import java.net.URI;

/**
 * RFC 9457 problem {@code type} URIs shared by every service. They are stable identifiers, not links:
 * clients switch on them, so never rename one.
 */
public final class ProblemTypes {

    /** The media type every service answers errors with. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String BASE = "https://signet.example.org/problems/";

    public static final URI VALIDATION = URI.create(BASE + "validation");
    public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");
    public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");
    /** The request line (path and query) is longer than the service accepts (414). */
    public static final URI URI_TOO_LONG = URI.create(BASE + "uri-too-long");
    /** The path exists but not with this method (405); answered only to an authenticated caller. */
    public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");
    public static final URI UNAUTHENTICATED = URI.create(BASE + "unauthenticated");
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI GONE = URI.create(BASE + "gone");
    public static final URI CONSENT_DENIED = URI.create(BASE + "consent-denied");
    public static final URI PROVIDER_NOT_ALLOWED = URI.create(BASE + "provider-not-allowed");
    public static final URI PHI_GUARD_REFUSED = URI.create(BASE + "phi-guard-refused");
    /** Too many calls of one kind from one account or OAuth client (429, with {@code Retry-After}). */
    public static final URI RATE_LIMITED = URI.create(BASE + "rate-limited");
    public static final URI UPSTREAM_UNAVAILABLE = URI.create(BASE + "upstream-unavailable");
    /** Stored ciphertext failed authentication (tampering or corruption): never answered with garbage. */
    public static final URI INTEGRITY = URI.create(BASE + "integrity");
    public static final URI INTERNAL = URI.create(BASE + "internal");
    /**
     * A SMART launch, its callback or its session refused (untrusted issuer, bad state, a forged or expired id_token,
     * an EHR user linked to no Signet user ...); extension member {@code reason} says which.
     */
    public static final URI SMART_LAUNCH_REFUSED = URI.create(BASE + "smart-launch-refused");

    /**
     * A change that widens what may flow (a new element in a purpose, a remote provider enabled, a patient opted back
     * in) needs a fresh sign-in: 401 with {@code WWW-Authenticate: Bearer error="insufficient_user_authentication",
     * max_age=N} (RFC 9470). Extension member {@code maxAge}: seconds the sign-in may be old.
     */
    public static final URI STEP_UP_REQUIRED = URI.create(BASE + "step-up-required");

    private ProblemTypes() {}
}
