package org.signet.tokenization.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.RateLimited;
import org.signet.kit.RateLimits;
import org.signet.tokenization.service.VaultService;
import org.signet.tokenization.vault.KekProvider;

/** Key-encryption-key rotation, for the {@code admin} role. Vault entries are never touched, only data keys. */
@Path("/v1/admin/kek")
@RolesAllowed("admin")
public class KekAdminResource {

    private final KekProvider kek;
    private final VaultService vaults;
    private final AuditTrail audit;
    private final JsonWebToken caller;

    public KekAdminResource(KekProvider kek, VaultService vaults, AuditTrail audit, JsonWebToken caller) {
        this.kek = kek;
        this.vaults = vaults;
        this.audit = audit;
        this.caller = caller;
    }

    public record Rewrapped(String activeKekId, int vaults) {}

    /**
     * Creates a new KEK version where the provider can (local key file), then re-wraps every live data key under
     * it. Providers whose keys live elsewhere (a mounted secret, a cloud KMS) rotate there; call {@code rewrap}.
     */
    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @POST
    @Path("/rotate")
    public Uni<Rewrapped> rotate() {
        if (!kek.rotatesItself()) {
            throw new org.signet.kit.DomainException(org.signet.contracts.ProblemTypes.CONFLICT,
                    "Rotation happens at the key source", 409, "This KEK provider's keys are managed outside "
                    + "Signet: add the new version there, restart, then POST /v1/admin/kek/rewrap.");
        }
        kek.rotate();
        return rewrap();
    }

    /** Re-wraps every live data key under the active KEK. */
    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @POST
    @Path("/rewrap")
    public Uni<Rewrapped> rewrap() {
        return vaults.rewrapAll()
                .call(count -> audit.record(caller.getSubject(), "kek.rewrap", AuditEvent.Outcome.SUCCESS, null, null,
                        "kek/" + kek.activeKekId(), Map.of("vaults", String.valueOf(count))))
                .map(count -> new Rewrapped(kek.activeKekId(), count));
    }
}
