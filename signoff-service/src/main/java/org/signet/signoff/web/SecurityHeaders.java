package org.signet.signoff.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import org.signet.signoff.config.SignoffConfig;

/**
 * Browser hardening on every response. The UI renders untrusted model text; escaping is the first defence, and this
 * Content-Security-Policy the second: scripts only from this origin (no inline script, no eval), connections only
 * to this origin and to Keycloak (keycloak-js fetches tokens there), never framed. Images may also be blob: URLs (the
 * admin console shows the data-flow SVG it fetched with the admin's token, as an image: never as markup).
 */
@ApplicationScoped
public class SecurityHeaders {

    private final String contentSecurityPolicy;

    public SecurityHeaders(SignoffConfig config) {
        URI keycloak = URI.create(config.ui().oidcUrl());
        String keycloakOrigin = keycloak.getScheme() + "://" + keycloak.getAuthority();
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                + "connect-src 'self' " + keycloakOrigin + "; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            rc.response().putHeader("Content-Security-Policy", contentSecurityPolicy)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Frame-Options", "DENY");
            rc.next();
        }, 10);
    }
}
