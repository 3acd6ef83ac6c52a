package org.signet.signoff.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.signoff.client.ScribeClient;
import org.signet.signoff.queue.QueueItem;
import org.signet.signoff.service.Caller;
import org.signet.kit.DomainException;
import org.signet.signoff.service.SignoffQueue;

/**
 * One draft: read re-identified, edit, sign, reject — by the clinician it is assigned to. Admins and auditors may
 * call these too, only to be refused with an audit record (a role check alone would refuse them unaudited).
 * Requesting a new draft and following its progress are passed through to scribe-service with the caller's token.
 */
@Path("/v1/drafts")
@RolesAllowed({"clinician", "admin", "auditor"})
public class DraftResource {

    /** How long opening a progress stream waits for scribe's answer on whether the caller may follow the job. */
    private static final Duration ACCESS_CHECK_LIMIT = Duration.ofSeconds(12);

    private final SignoffQueue queue;
    private final ScribeClient scribe;
    private final AuditTrail audit;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public DraftResource(SignoffQueue queue, @RestClient ScribeClient scribe, AuditTrail audit, JsonWebToken token,
            SecurityIdentity identity) {
        this.queue = queue;
        this.scribe = scribe;
        this.audit = audit;
        this.token = token;
        this.identity = identity;
    }

    public record Lineage(String providerId, String modelName, String modelVersion, String promptTemplateId,
            Integer promptTemplateVersion, int purposeVersion, boolean aiGenerated) {}

    public record SignatureInfo(String signer, String signerFhirUser, Instant signedAt, String contentSha256) {}

    public record Filing(String documentReferenceId, Instant filedAt, String failureReason, Boolean permanent,
            Integer attempts) {}

    /**
     * The draft as its clinician sees it. {@code text} and {@code patient} are re-identified, in this response only;
     * {@code unknownTokens} lists tokens the vault no longer knows (shown as is); {@code invisibleCharactersRemoved}
     * counts the invisible and text-direction characters taken out of {@code text} (the UI says so), which are left
     * out of the filed note too.
     */
    public record DraftDetail(UUID draftId, QueueItem.State state, long version, String patientRef, String patient,
            String encounterRef, String noteType, String purpose, Lineage lineage, String text,
            List<String> unknownTokens, int invisibleCharactersRemoved, Instant draftCreatedAt, Instant receivedAt,
            Instant updatedAt,
            SignatureInfo signature, Filing filing, Instant rejectedAt, Instant expiredAt) {

        @Override
        public String toString() {
            return "DraftDetail[" + draftId + ", " + state + ", v" + version + "]";
        }
    }

    /** @param text the whole note as the clinician edited it, plain (identifiers allowed; pseudonymized here) */
    public record DraftEdit(@NotNull @Size(max = 200_000) String text) {

        @Override
        public String toString() {
            return "DraftEdit[" + (text == null ? 0 : text.length()) + " chars]";
        }
    }

    public record Saved(UUID draftId, QueueItem.State state, long version, Instant updatedAt) {}

    /** @param attest the clinician attests they reviewed the note and it is accurate: must be true */
    public record SignRequest(Boolean attest) {}

    public record Signed(UUID draftId, QueueItem.State state, long version, String signer, String signerFhirUser,
            Instant signedAt, String contentSha256, String idempotencyKey) {}

    /** @param reason why the draft is unusable; free text, pseudonymized before it is stored */
    public record RejectRequest(@NotBlank @Size(max = 4000) String reason) {

        @Override
        public String toString() {
            return "RejectRequest[" + (reason == null ? 0 : reason.length()) + " chars]";
        }
    }

    @GET
    @Path("/{id}")
    public Uni<Response> read(@PathParam("id") UUID id) {
        return queue.read(id, caller()).map(view -> {
            QueueItem i = view.item();
            DraftDetail detail = new DraftDetail(i.draftId, i.state, i.version, i.patientRef, view.patientDisplay(),
                    i.encounterRef, i.noteType, i.purpose, new Lineage(i.providerId, i.modelName, i.modelVersion,
                            i.promptTemplateId, i.promptTemplateVersion, i.purposeVersion, i.aiGenerated),
                    view.text(), view.unknownTokens(), view.invisibleCharactersRemoved(), i.draftCreatedAt,
                    i.receivedAt, i.updatedAt,
                    i.signedAt == null ? null : new SignatureInfo(i.signedBy, i.signerFhirUser, i.signedAt,
                            i.contentSha256),
                    i.documentReferenceId == null && i.filingFailureReason == null ? null
                            : new Filing(i.documentReferenceId, i.filedAt, i.filingFailureReason,
                                    i.filingFailurePermanent, i.filingAttempts),
                    i.rejectedAt, i.expiredAt);
            // The re-identified text must not linger in shared caches.
            return Response.ok(detail).tag(etag(i.version)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        });
    }

    /** Saves an edit; {@code If-Match} with the ETag of the version edited is required (412 when stale). */
    @PUT
    @Path("/{id}")
    public Uni<Response> edit(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid DraftEdit edit) {
        return queue.edit(id, version(ifMatch), edit.text(), caller())
                .map(i -> Response.ok(new Saved(i.draftId, i.state, i.version, i.updatedAt)).tag(etag(i.version))
                        .build());
    }

    /** Signs the current text. {@code If-Match} is optional here; when sent, it must be current. */
    @POST
    @Path("/{id}/sign")
    public Uni<Response> sign(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull SignRequest request) {
        if (!Boolean.TRUE.equals(request.attest())) {
            throw DomainException.invalid("attest must be true: signing attests that you reviewed the note.");
        }
        return queue.sign(id, version(ifMatch), caller())
                .map(s -> Response.ok(new Signed(s.draftId(), QueueItem.State.SIGNED, s.version(), s.signer(),
                        s.signerFhirUser(), s.signedAt(), s.contentSha256(), s.idempotencyKey()))
                        .tag(etag(s.version())).build());
    }

    @POST
    @Path("/{id}/reject")
    public Uni<Response> reject(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid RejectRequest request) {
        return queue.reject(id, version(ifMatch), request.reason(), caller())
                .map(i -> Response.ok(new Saved(i.draftId, i.state, i.version, i.updatedAt)).tag(etag(i.version))
                        .build());
    }

    /**
     * Requests a new draft from scribe-service with the caller's own token. The body (with the transcript) passes
     * through in memory only: it is neither stored nor logged here. scribe's answer is returned as is.
     */
    @POST
    @RolesAllowed("clinician")
    public Uni<Response> request(@NotNull JsonNode body) {
        return scribe.request(caller().bearer(), body)
                .map(upstream -> {
                    Response.ResponseBuilder answer = Response.status(upstream.getStatus());
                    if (upstream.getMediaType() != null) {
                        answer.type(upstream.getMediaType());
                    }
                    if (upstream.hasEntity()) {
                        answer.entity(upstream.readEntity(String.class));
                    }
                    if (upstream.getStatus() == 202 && upstream.getLocation() != null) {
                        // scribe names the job; here the clinician follows it through this service's passthrough
                        String path = upstream.getLocation().getPath();
                        String job = path.substring(path.lastIndexOf('/') + 1);
                        answer.location(URI.create("/v1/drafts/" + job + "/events"));
                    }
                    return answer.build();
                })
                .onFailure(e -> !(e instanceof DomainException)).transform(e ->
                        DomainException.unavailable("Service Unavailable", "scribe-service could not take the request; try again."));
    }

    /**
     * The draft job's progress, passed through from scribe-service as Server-Sent Events. The job is scribe's (it
     * exists there before this queue has the draft), so scribe is asked first whether the caller may follow it: an
     * unknown job answers 404 and another clinician's 403 (audited), as problem JSON, instead of an empty 200
     * stream. Asked before the stream opens, because an open stream has already answered 200: hence a worker
     * thread that waits for the answer.
     */
    @GET
    @Path("/{id}/events")
    @RolesAllowed("clinician")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<JsonNode> events(@PathParam("id") UUID id) {
        Caller caller = caller();
        mayFollow(id, caller).await().atMost(ACCESS_CHECK_LIMIT);
        return scribe.events(caller.bearer(), id);
    }

    private Uni<Void> mayFollow(UUID id, Caller caller) {
        return scribe.status(caller.bearer(), id)
                .onFailure().transform(e -> DomainException.unavailable("Service Unavailable",
                        "scribe-service could not be asked about this draft; try again."))
                .chain(upstream -> {
                    upstream.close();
                    return switch (upstream.getStatus()) {
                        case 200 -> Uni.createFrom().voidItem();
                        case 404 -> Uni.createFrom().failure(DomainException.notFound("draft"));
                        case 403 -> audit.record(caller.subject(), "draft.events", AuditEvent.Outcome.DENIED, null,
                                        null, "draft/" + id, Map.of("role", caller.primaryRole()))
                                .chain(() -> Uni.createFrom().failure(DomainException.forbidden(
                                        "Only the clinician who requested this draft may follow it.")));
                        default -> Uni.createFrom().failure(DomainException.unavailable("Service Unavailable",
                                "scribe-service could not be asked about this draft; try again."));
                    };
                });
    }

    private Caller caller() {
        return Caller.of(token, identity);
    }

    private static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The version an {@code If-Match} names ({@code "3"}, {@code W/"3"} or {@code 3}); -1 if it names none. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }
}
