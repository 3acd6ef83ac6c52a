package org.signet.adapter.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.kit.CallerIdentity;
import org.signet.kit.AuditTrail;
import org.signet.adapter.config.AdapterConfig;
import org.signet.adapter.filing.Filing;
import org.signet.kit.DomainException;
import org.signet.adapter.service.NoteFiler;
import org.signet.adapter.service.WorkerThreads;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.NoteSigned;

/**
 * Amend or retract a filed note (for the sign-off UI, through signoff-service's service account, or an admin):
 * a replacement ({@code relatesTo.code=replaces}, the old note becomes superseded) or {@code entered-in-error}.
 */
@Path("/v1/notes/{draftId}")
@RolesAllowed({"service", "admin"})
public class NoteResource {

    private final NoteFiler filer;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final JsonWebToken jwt;
    private final SecurityIdentity identity;
    private final AdapterConfig config;

    public NoteResource(NoteFiler filer, AuditTrail audit, ObjectMapper json, JsonWebToken jwt,
            SecurityIdentity identity, AdapterConfig config) {
        this.filer = filer;
        this.audit = audit;
        this.json = json;
        this.jwt = jwt;
        this.identity = identity;
        this.config = config;
    }

    /**
     * A signed replacement text (tokens of the original draft's vault, as every edit of the draft is), re-identified
     * through that vault before filing.
     *
     * @param amendmentId            idempotency key of this amendment (a retry with the same id files once)
     * @param finalPseudonymizedText the signed replacement text, with tokens
     * @param signer                 Keycloak subject of the signing clinician
     * @param signerFhirUser         the clinician's {@code fhirUser}, optional
     */
    public record Replacement(@NotNull UUID amendmentId, @NotBlank String finalPseudonymizedText,
            @NotBlank String signer, String signerFhirUser) {}

    /** What the EHR now holds. */
    public record Result(String documentReferenceId, String status, String replaces) {}

    @POST
    @Path("/replace")
    @WithSession
    public Uni<Result> replace(@PathParam("draftId") UUID draftId, @Valid @NotNull Replacement body) {
        String actor = authorise();
        return filed(draftId).flatMap(row -> {
            NoteSigned original;
            try {
                original = json.readValue(row.message, NoteSigned.class);
            } catch (IOException e) {
                return Uni.createFrom().failure(new IllegalStateException("stored notes.signed is unreadable"));
            }
            NoteSigned o = original;
            NoteSigned replacement = new NoteSigned(o.schemaVersion(), o.draftId(), o.vaultId(), body.signer(),
                    body.signerFhirUser(), o.patientRef(), o.encounterRef(), o.noteType(), o.purpose(), o.model(),
                    body.finalPseudonymizedText(), Instant.now(), null, body.amendmentId().toString(), o.review());
            String old = row.documentReferenceId;
            return WorkerThreads.run(() -> filer.fileReplacement(replacement, old, body.amendmentId()))
                    .flatMap(newId -> Panache.withTransaction(() -> Filing.<Filing>findById(draftId).invoke(f -> {
                        f.documentReferenceId = newId;
                        f.updatedAt = Instant.now();
                    })).replaceWith(newId))
                    .call(newId -> audit.record(actor, "note.replace", AuditEvent.Outcome.SUCCESS, null, o.purpose(),
                            "draft/" + draftId, Map.of("documentReference", newId, "replaces", old,
                                    "amendment", body.amendmentId().toString())))
                    .map(newId -> new Result(newId, "current", old));
        });
    }

    @POST
    @Path("/entered-in-error")
    @WithSession
    public Uni<Result> enteredInError(@PathParam("draftId") UUID draftId) {
        String actor = authorise();
        return filed(draftId).flatMap(row -> WorkerThreads.run(() -> {
            filer.enteredInError(row.documentReferenceId);
            return row.documentReferenceId;
        })).call(id -> audit.record(actor, "note.entered-in-error", AuditEvent.Outcome.SUCCESS, null, null,
                "draft/" + draftId, Map.of("documentReference", id)))
                .map(id -> new Result(id, "entered-in-error", null));
    }

    private String authorise() {
        if (identity.hasRole("admin")
                || CallerIdentity.isServiceAccount(identity, jwt, config.callers().signoffService())) {
            return CallerIdentity.account(identity, jwt);
        }
        throw DomainException.forbidden("Only signoff-service or an admin may amend or retract a filed note.");
    }

    private static Uni<Filing> filed(UUID draftId) {
        return Filing.<Filing>findById(draftId)
                .onItem().ifNull().failWith(() -> DomainException.notFound("filed note for this draft"))
                .invoke(row -> {
                    if (row.state != Filing.State.FILED) {
                        throw DomainException.conflict("Draft " + draftId + " is not filed (" + row.state + ").");
                    }
                });
    }
}
