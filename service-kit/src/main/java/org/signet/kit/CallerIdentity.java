package org.signet.kit;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who a token-bearing caller is, as the services name callers: a service account by its client, a user by subject. */
public final class CallerIdentity {

    private CallerIdentity() {}

    /** The OAuth client the token was issued to ({@code azp}), or null. */
    public static String client(JsonWebToken token) {
        return token.getClaim("azp") == null ? null : token.<Object>getClaim("azp").toString();
    }

    /** The account: a service account's client id, or the user's subject. */
    public static String account(SecurityIdentity identity, JsonWebToken token) {
        String client = client(token);
        return identity.hasRole("service") && client != null ? client : token.getSubject();
    }

    /** Whether the caller is the service account of OAuth client {@code clientId}. */
    public static boolean isServiceAccount(SecurityIdentity identity, JsonWebToken token, String clientId) {
        return identity.hasRole("service") && clientId.equals(client(token));
    }
}
