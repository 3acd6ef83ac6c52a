package org.signet.scribe.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.ProblemTypes;
import org.signet.kit.AuditTrail;
import org.signet.scribe.provider.ModelProvider;
import org.signet.scribe.provider.ProviderPolicy;
import org.signet.kit.DomainException;

/**
 * Model providers and their BAA attestations, administered by the {@code admin} role. A remote provider cannot be
 * enabled without a BAA in force today (and is checked again at every call).
 */
@Path("/v1/providers")
@RolesAllowed("admin")
public class ProviderResource {

    private final AuditTrail audit;
    private final JsonWebToken caller;

    public ProviderResource(AuditTrail audit, JsonWebToken caller) {
        this.audit = audit;
        this.caller = caller;
    }

    public record ProviderRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String id,
            @NotBlank @Pattern(regexp = "openai-compatible|anthropic|local-gguf|extractive") String kind,
            @Size(max = 1024) String endpoint,
            @NotBlank @Size(max = 256) String model,
            @NotBlank @Size(max = 64) String modelVersion,
            @NotNull Boolean local,
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
    public Uni<ModelProvider> read(@PathParam("id") String id) {
        return ModelProvider.<ModelProvider>findById(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("model provider"));
    }

    @POST
    @WithTransaction
    public Uni<Response> create(@NotNull @Valid ProviderRequest request) {
        return ModelProvider.<ModelProvider>findById(request.id()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new DomainException(ProblemTypes.CONFLICT, "Conflict", 409,
                        "Model provider " + request.id() + " exists; update it with PUT."));
            }
            ModelProvider provider = new ModelProvider();
            provider.id = request.id();
            provider.createdAt = Instant.now();
            apply(provider, request);
            return provider.<ModelProvider>persist()
                    .call(saved -> audited("provider.create", saved))
                    .map(saved -> Response.created(URI.create("/v1/providers/" + saved.id)).entity(saved).build());
        });
    }

    @PUT
    @Path("/{id}")
    @WithTransaction
    public Uni<ModelProvider> update(@PathParam("id") String id, @NotNull @Valid ProviderRequest request) {
        if (!id.equals(request.id())) {
            throw new DomainException(ProblemTypes.VALIDATION, "Invalid request", 400, "id in path and body differ");
        }
        return read(id).invoke(provider -> apply(provider, request)).call(provider -> audited("provider.update",
                provider));
    }

    private static void apply(ModelProvider provider, ProviderRequest request) {
        provider.kind = request.kind();
        provider.endpoint = request.endpoint();
        provider.model = request.model();
        provider.modelVersion = request.modelVersion();
        provider.local = request.local();
        provider.baaReference = request.baaReference();
        provider.baaEffective = request.baaEffective();
        provider.baaExpires = request.baaExpires();
        provider.noTraining = request.noTraining();
        provider.telemetryOff = request.telemetryOff();
        provider.retentionDays = request.retentionDays();
        provider.enabled = request.enabled();
        provider.updatedAt = Instant.now();
        if (!"extractive".equals(provider.kind) && (provider.endpoint == null || provider.endpoint.isBlank())) {
            throw new DomainException(ProblemTypes.VALIDATION, "Invalid request", 400,
                    "a " + provider.kind + " provider needs an endpoint (a URL, or for local-gguf the model file)");
        }
        if ("anthropic".equals(provider.kind) && provider.local) {
            throw new DomainException(ProblemTypes.VALIDATION, "Invalid request", 400,
                    "an anthropic provider runs outside the hospital; it cannot be local");
        }
        if (provider.enabled) {
            ProviderPolicy.baaRefusal(provider, LocalDate.now(ZoneOffset.UTC)).ifPresent(reason -> {
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
