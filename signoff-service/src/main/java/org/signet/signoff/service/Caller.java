package org.signet.signoff.service;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is asking, as the service needs it: user id, roles, the bearer token to forward to tokenization-service for
 * re-identification, and the SMART {@code fhirUser} claim the signature carries.
 */
public record Caller(String subject, boolean clinician, String primaryRole, String bearer, String fhirUser) {

    public static Caller of(JsonWebToken token, SecurityIdentity identity) {
        String role = identity.hasRole("clinician") ? "clinician" : identity.hasRole("admin") ? "admin"
                : identity.hasRole("auditor") ? "auditor" : "other";
        Object claim = token.getClaim("fhirUser");
        String fhirUser = claim instanceof JsonString json ? json.getString() : claim == null ? null : claim.toString();
        return new Caller(token.getSubject(), identity.hasRole("clinician"), role, "Bearer " + token.getRawToken(),
                fhirUser);
    }

    @Override
    public String toString() {
        return "Caller[" + subject + ", " + primaryRole + "]";
    }
}
