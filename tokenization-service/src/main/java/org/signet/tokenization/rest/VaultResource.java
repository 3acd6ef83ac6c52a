package org.signet.tokenization.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.contracts.AuditEvent;
import org.signet.tokenization.audit.AuditTrail;
import org.signet.tokenization.config.TokenizationConfig;
import org.signet.tokenization.service.DomainException;
import org.signet.tokenization.service.VaultService;

/** The vault API. Only Signet's service accounts call it; which one may do what is checked per call. */
@Path("/v1/vaults")
@RolesAllowed("service")
public class VaultResource {

    private final VaultService vaults;
    private final AuditTrail audit;
    private final TokenizationConfig config;
    private final JsonWebToken caller;

    public VaultResource(VaultService vaults, AuditTrail audit, TokenizationConfig config, JsonWebToken caller) {
        this.vaults = vaults;
        this.audit = audit;
        this.config = config;
        this.caller = caller;
    }

    /**
     * @param patientRef      the EHR patient resource id, e.g. {@code Patient/123}
     * @param owner           user id of the clinician the draft job belongs to
     * @param retentionPolicy retention policy name; the service default when absent
     * @param ttlDays         days until the vault is shredded; the policy default when absent
     */
    public record CreateVaultRequest(
            @NotBlank @Size(max = 128) @Pattern(regexp = "Patient/[A-Za-z0-9\\-.]{1,64}",
                    message = "must be a Patient resource reference like Patient/123") String patientRef,
            @NotBlank @Size(max = 128) String owner,
            @Size(max = 64) String retentionPolicy,
            @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(3650) Integer ttlDays) {}

    public record VaultCreated(UUID id, String kekId, Instant createdAt, Instant expiresAt) {}

    @POST
    public Uni<Response> create(@NotNull @Valid CreateVaultRequest request) {
        String client = callerClient();
        if (!config.callers().drafting().equals(client)) {
            return audit.record(client, "vault.create", AuditEvent.Outcome.DENIED, request.patientRef(), null,
                            "vault", Map.of())
                    .chain(() -> Uni.createFrom().<Response>failure(
                            DomainException.forbidden("Only the drafting service creates vaults.")));
        }
        Duration ttl = request.ttlDays() == null ? null : Duration.ofDays(request.ttlDays());
        return vaults.create(request.patientRef(), request.owner(), request.retentionPolicy(), ttl)
                .call(vault -> audit.record(client, "vault.create", AuditEvent.Outcome.SUCCESS, vault.patientRef,
                        null, "vault/" + vault.id, Map.of("owner", vault.ownerId, "kek", vault.kekId)))
                .map(vault -> Response.created(URI.create("/v1/vaults/" + vault.id))
                        .entity(new VaultCreated(vault.id, vault.kekId, vault.createdAt, vault.expiresAt))
                        .build());
    }

    private String callerClient() {
        String azp = caller.getClaim("azp");
        return azp == null ? caller.getName() : azp;
    }
}
