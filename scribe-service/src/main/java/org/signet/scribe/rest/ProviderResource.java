package org.signet.scribe.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.ProblemTypes;
import org.signet.kit.AuditTrail;
import org.signet.kit.DomainException;
import org.signet.kit.IfMatch;
import org.signet.kit.InvalidFields;
import org.signet.kit.RateLimited;
import org.signet.kit.RateLimits;
import org.signet.kit.StepUp;
import org.signet.scribe.provider.ModelProvider;
import org.signet.scribe.provider.ProviderLocality;
import org.signet.scribe.provider.ProviderPolicy;

/**
 * Model providers and their BAA attestations, administered by the {@code admin} role. Whether a provider is local
 * is decided from its kind and endpoint by the operator's on-premises networks ({@link ProviderLocality}), not by
 * the caller; a provider that is not local cannot be enabled without a BAA in force today (and is checked again at
 * every call).
 */
@Path("/v1/providers")
@RolesAllowed("admin")
public class ProviderResource {

    private final AuditTrail audit;
    private final JsonWebToken caller;
    private final ProviderLocality locality;
    private final Duration stepUpMaxAge;
    private final Validator validator;

    public ProviderResource(AuditTrail audit, JsonWebToken caller, ProviderLocality locality,
            @ConfigProperty(name = "signet.admin.step-up-max-age", defaultValue = "PT5M") Duration stepUpMaxAge,
            Validator validator) {
        this.audit = audit;
        this.caller = caller;
        this.locality = locality;
        this.stepUpMaxAge = stepUpMaxAge;
        this.validator = validator;
    }

    /**
     * A provider as an admin registers it. {@code local} is optional and never decides on its own: omitted, the
     * provider is local exactly when its kind and endpoint are on-premises; {@code true} is refused (422) unless they
     * are; {@code false} treats it as remote (a BAA is required) even on-premises. Responses show the result.
     */
    public record ProviderRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String id,
            @NotBlank @Pattern(regexp = "openai-compatible|anthropic|local-gguf|extractive") String kind,
            @Size(max = 1024) String endpoint,
            @NotBlank @Size(max = 256) String model,
            @NotBlank @Size(max = 64) String modelVersion,
            Boolean local,
            @Size(max = 256) String baaCounterparty,
            @Size(max = 256) String baaReference,
            LocalDate baaEffective,
            LocalDate baaExpires,
            boolean noTraining,
            boolean telemetryOff,
            @Min(0) Integer retentionDays,
            @NotNull Boolean enabled) {}

    @GET
    @WithSession
    public Uni<List<ModelProvider>> list() {
        return ModelProvider.allById();
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<Response> read(@PathParam("id") String id) {
        return find(id).map(p -> Response.ok(p).tag(etag(p)).build());
    }

    private static Uni<ModelProvider> find(String id) {
        return ModelProvider.<ModelProvider>findById(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("model provider"));
    }

    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @POST
    public Uni<Response> create(@NotNull ProviderRequest request) {
        check(request);
        return local(request).chain(local -> Panache.withTransaction(() -> create(request, local)));
    }

    private Uni<Response> create(ProviderRequest request, boolean local) {
        return ModelProvider.<ModelProvider>findById(request.id()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new DomainException(ProblemTypes.CONFLICT, "Conflict", 409,
                        "Model provider " + request.id() + " exists; update it with PUT."));
            }
            ModelProvider provider = new ModelProvider();
            provider.id = request.id();
            provider.createdAt = Instant.now();
            // a provider that may not be enabled at all is refused (422) before a fresh sign-in is asked for
            apply(provider, request, local);
            requireStepUpIfWidening(null, request, local);
            return provider.<ModelProvider>persistAndFlush()
                    .call(saved -> audited("provider.create", saved))
                    .map(saved -> Response.created(URI.create("/v1/providers/" + saved.id)).entity(saved)
                            .tag(etag(saved)).build());
        });
    }

    /**
     * With {@code If-Match} (the ETag of the version the admin edited), a provider changed by someone else since is
     * refused with 412 rather than overwritten.
     */
    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @PUT
    @Path("/{id}")
    public Uni<Response> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull ProviderRequest request) {
        check(request);
        if (!id.equals(request.id())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("id",
                    "differs from the provider in the path")));
        }
        Long expected = IfMatch.version(ifMatch, "a provider version");
        return local(request).chain(local -> Panache.withTransaction(() -> find(id)
                .invoke(provider -> {
                    if (expected != null && expected != provider.version) {
                        throw DomainException.preconditionFailed("Provider " + id + " has changed since you opened "
                                + "it (saved " + provider.updatedAt + "). Reload it and make your change again.");
                    }
                    boolean widens = widens(provider, request, local);
                    apply(provider, request, local); // refuses (422) what may not be enabled at all
                    if (widens) {
                        StepUp.require(caller.getClaim("auth_time"), stepUpMaxAge, "Enabling remote provider "
                                + request.id(), Instant.now());
                    }
                })
                .call(provider -> audited("provider.update", provider))
                .call(provider -> Panache.getSession().chain(session -> session.flush()))))
                .map(provider -> Response.ok(provider).tag(etag(provider)).build());
    }

    /**
     * The request's own constraints (the annotations on {@link ProviderRequest}), answered as 422 field by field, so
     * that the console can point at each field.
     */
    private void check(ProviderRequest request) {
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw InvalidFields.of(violations);
        }
    }

    /**
     * Prompts newly able to leave the hospital (a remote provider enabled, made remote, or pointed elsewhere) need a
     * fresh sign-in.
     */
    private void requireStepUpIfWidening(ModelProvider before, ProviderRequest request, boolean local) {
        if (widens(before, request, local)) {
            StepUp.require(caller.getClaim("auth_time"), stepUpMaxAge, "Enabling remote provider " + request.id(),
                    Instant.now());
        }
    }

    /** Whether the request lets prompts go somewhere they could not go before (read before the change applies). */
    private static boolean widens(ModelProvider before, ProviderRequest request, boolean local) {
        if (!request.enabled() || local) {
            return false;
        }
        return before == null || !before.enabled || before.local
                || !java.util.Objects.equals(before.endpoint, request.endpoint());
    }

    static EntityTag etag(ModelProvider provider) {
        return new EntityTag(String.valueOf(provider.version));
    }

    /**
     * Whether the provider is to be local: decided from its kind and endpoint (resolving its host, off the event
     * loop, before any transaction), the request's {@code local} only able to ask for less. Problem details name the
     * provider, never its endpoint.
     */
    private Uni<Boolean> local(ProviderRequest request) {
        if (!"extractive".equals(request.kind()) && (request.endpoint() == null || request.endpoint().isBlank())) {
            return Uni.createFrom().failure(new InvalidFields(List.of(new InvalidFields.FieldError("endpoint",
                    "is required for a " + request.kind() + " provider (a URL, or for local-gguf the model file)"))));
        }
        return VertxContextSupport.executeBlocking(() -> locality.decide(request.kind(), request.endpoint()))
                .onFailure(ProviderLocality.InvalidEndpoint.class).transform(e -> new InvalidFields(List.of(
                        new InvalidFields.FieldError("endpoint", e.getMessage()))))
                .map(decision -> {
                    if (Boolean.TRUE.equals(request.local()) && !decision.onPremises()) {
                        throw new DomainException(ProblemTypes.PROVIDER_NOT_ALLOWED, "Provider not allowed", 422,
                                "provider " + request.id() + " cannot be local: " + decision.reason()
                                        + " (signet.scribe.on-premises-networks); register it without local: true, "
                                        + "under a BAA");
                    }
                    return decision.onPremises() && !Boolean.FALSE.equals(request.local());
                });
    }

    private static void apply(ModelProvider provider, ProviderRequest request, boolean local) {
        provider.kind = request.kind();
        provider.endpoint = request.endpoint();
        provider.model = request.model();
        provider.modelVersion = request.modelVersion();
        provider.local = local;
        provider.baaCounterparty = request.baaCounterparty();
        provider.baaReference = request.baaReference();
        provider.baaEffective = request.baaEffective();
        provider.baaExpires = request.baaExpires();
        provider.noTraining = request.noTraining();
        provider.telemetryOff = request.telemetryOff();
        provider.retentionDays = request.retentionDays();
        provider.enabled = request.enabled();
        provider.updatedAt = Instant.now();
        if (provider.enabled) {
            ProviderPolicy.baaRefusal(provider, local, LocalDate.now(ZoneOffset.UTC)).ifPresent(reason -> {
                throw new DomainException(ProblemTypes.PROVIDER_NOT_ALLOWED, "Provider not allowed", 422,
                        reason + "; it cannot be enabled");
            });
        }
    }

    private Uni<Void> audited(String action, ModelProvider provider) {
        return audit.record(caller.getSubject(), action, AuditEvent.Outcome.SUCCESS, null, null,
                "provider/" + provider.id, Map.of("kind", provider.kind, "local", String.valueOf(provider.local),
                        "enabled", String.valueOf(provider.enabled),
                        "baa", provider.baaReference == null ? "none" : provider.baaReference));
    }
}
