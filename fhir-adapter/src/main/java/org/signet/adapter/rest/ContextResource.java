package org.signet.adapter.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.kit.CallerIdentity;
import org.signet.adapter.config.AdapterConfig;
import org.signet.adapter.service.ContextRequest;
import org.signet.adapter.service.ContextResponse;
import org.signet.adapter.service.ContextService;
import org.signet.kit.DomainException;

/** The minimum-necessary context of one draft, for scribe-service's service account only. */
@Path("/v1/context")
@RolesAllowed("service")
public class ContextResource {

    private final ContextService context;
    private final JsonWebToken jwt;
    private final io.quarkus.security.identity.SecurityIdentity identity;
    private final AdapterConfig config;

    public ContextResource(ContextService context, JsonWebToken jwt, io.quarkus.security.identity.SecurityIdentity identity, AdapterConfig config) {
        this.context = context;
        this.jwt = jwt;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @WithSession
    public Uni<ContextResponse> context(@Valid @NotNull ContextRequest request) {
        if (!CallerIdentity.isServiceAccount(identity, jwt, config.callers().scribeService())) {
            throw DomainException.forbidden("Only scribe-service may read draft context.");
        }
        return context.assemble(CallerIdentity.account(identity, jwt), request);
    }
}
