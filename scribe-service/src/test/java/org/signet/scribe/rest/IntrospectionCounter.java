package org.signet.scribe.rest;

import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts this service's calls to Keycloak's token introspection endpoint, which a forged token must not cause. */
@ApplicationScoped
@OidcEndpoint(OidcEndpoint.Type.INTROSPECTION)
public class IntrospectionCounter implements OidcRequestFilter {

    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public void filter(OidcRequestContext context) {
        CALLS.incrementAndGet();
    }
}
