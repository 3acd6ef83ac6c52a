package org.signet.adapter.rest;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who called, as audit events name them: a service account's client id, or a user's subject. */
final class Callers {

    private Callers() {}

    static String actor(SecurityIdentity identity, JsonWebToken jwt) {
        String azp = jwt.getClaim("azp");
        return identity.hasRole("service") && azp != null ? azp : jwt.getSubject();
    }

    static boolean isService(SecurityIdentity identity, JsonWebToken jwt, String clientId) {
        return identity.hasRole("service") && clientId.equals(jwt.getClaim("azp"));
    }
}
