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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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
import org.signet.contracts.DraftEvidence;
import org.signet.evidence.TranscriptUnits;
import org.signet.signoff.service.SignoffQueue;

/**
 * One draft: read re-identified, edit, sign, reject — by the clinician it is assigned to. Admins and auditors may
 * call these too, only to be refused with an audit record (a role check alone would refuse them unaudited).
 * Requesting a new draft and following its progress are passed through to scribe-service with the caller's token.
 */
@Path("/v1/drafts")
@RolesAllowed({"clinician", "admin", "auditor"})
// JSON only: a one-string record such as DraftEdit would otherwise be built from any text/plain body
@Consumes(MediaType.APPLICATION_JSON)
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
     * The draft as its clinician sees it. {@code text}, {@code patient} and the {@code banner}'s identifiers (birth
     * date, MRN, the encounter's date, beside its type) are re-identified, in this response only;
     * {@code unknownTokens} lists tokens the vault no longer knows (shown as is); {@code invisibleCharactersRemoved}
     * counts the invisible and text-direction characters taken out of {@code text} (the UI says so), which are left
     * out of the filed note too.
     */
    public record DraftDetail(UUID draftId, QueueItem.State state, long version, String patientRef, String patient,
            SignoffQueue.Banner banner, String encounterRef, String noteType, String purpose, Lineage lineage,
            String text,
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

    /**
     * The evidence of the draft's current text, re-identified for its clinician: each claim-making sentence with
     * whether its sources support it and which transcript turns ({@code units}) or chart items ({@code items}) those
     * are; the transcript as turns; the chart items; and the facts of the encounter the text does not mention, with
     * the clinician's answer so far. {@code available} is false for a draft sent without evidence.
     */
    public record EvidenceView(UUID draftId, long version, boolean available, boolean templateDraft, int sentenceCount,
            int supportedCount, List<SentenceView> sentences, List<TurnView> transcript, List<ChartItemView> chart,
            List<OmissionView> omissions) {}

    /** @param edited re-aligned because the clinician changed it */
    public record SentenceView(int index, String text, boolean supported, double score, boolean edited,
            List<Integer> units, List<String> items) {}

    public record TurnView(int index, String speaker, String text) {}

    public record ChartItemView(String id, String kind, String resourceType, String resourceId, String display) {}

    /** @param decision {@code added}, {@code not-relevant}, or null while unanswered */
    public record OmissionView(String key, String kind, String name, String source, String decision) {}

    /** @param decision {@code added} (put in the note) or {@code not-relevant} */
    public record OmissionAnswer(@NotBlank @Size(max = 512) String key,
            @NotNull @Pattern(regexp = "added|not-relevant", message = "must be added or not-relevant") String decision) {}

    public record OmissionAnswered(UUID draftId, long version, String key, String decision) {}

    @GET
    @Path("/{id}/evidence")
    public Uni<Response> evidence(@PathParam("id") UUID id) {
        return queue.evidence(id, caller()).map(view -> {
            QueueItem i = view.item();
            if (view.evidence() == null) {
                return Response.ok(new EvidenceView(i.draftId, i.version, false, !i.aiGenerated, 0, 0, List.of(),
                        List.of(), List.of(), List.of())).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            }
            List<TranscriptUnits.Unit> units = view.units();
            List<SentenceView> sentences = new java.util.ArrayList<>();
            for (int k = 0; k < view.state().sentences().size(); k++) {
                DraftEvidence.Sentence s = view.state().sentences().get(k);
                List<Integer> turns = s.sources().stream()
                        .filter(r -> DraftEvidence.SourceRef.TRANSCRIPT.equals(r.type()))
                        .flatMap(r -> units.stream().filter(u -> u.start() < r.end() && r.start() < u.end())
                                .map(TranscriptUnits.Unit::index)).distinct().toList();
                List<String> items = s.sources().stream().filter(r -> DraftEvidence.SourceRef.CHART.equals(r.type()))
                        .map(DraftEvidence.SourceRef::item).toList();
                sentences.add(new SentenceView(k, view.sentenceTexts().get(k), s.supported(), s.score(),
                        view.state().edited().get(k), turns, items));
            }
            List<TurnView> transcript = new java.util.ArrayList<>();
            for (int k = 0; k < units.size(); k++) {
                transcript.add(new TurnView(units.get(k).index(), units.get(k).speaker().name().toLowerCase(java.util.Locale.ROOT),
                        view.unitTexts().get(k)));
            }
            List<ChartItemView> chart = new java.util.ArrayList<>();
            for (int k = 0; k < view.evidence().chart().size(); k++) {
                DraftEvidence.ChartItem c = view.evidence().chart().get(k);
                chart.add(new ChartItemView(c.id(), c.kind(), c.resourceType(), c.resourceId(),
                        view.chartDisplays().get(k)));
            }
            List<OmissionView> omissions = new java.util.ArrayList<>();
            for (int k = 0; k < view.state().open().size(); k++) {
                DraftEvidence.Fact f = view.state().open().get(k);
                var decision = view.state().decisions().get(f.key());
                omissions.add(new OmissionView(f.key(), f.kind(), view.omissionNames().get(k), f.source(),
                        decision == null ? null : decision.decision()));
            }
            EvidenceView body = new EvidenceView(i.draftId, i.version, true, !i.aiGenerated,
                    sentences.size(), view.state().supported(), sentences, transcript, chart, omissions);
            return Response.ok(body).tag(etag(i.version)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        });
    }

    /** Answers one omission of the check; signing needs an answer to each one open. */
    @POST
    @Path("/{id}/omissions")
    public Uni<Response> answerOmission(@PathParam("id") UUID id, @NotNull @Valid OmissionAnswer answer) {
        return queue.decide(id, answer.key(), answer.decision(), caller())
                .map(i -> Response.ok(new OmissionAnswered(i.draftId, i.version, answer.key(), answer.decision()))
                        .tag(etag(i.version)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Response> read(@PathParam("id") UUID id) {
        return queue.read(id, caller()).map(view -> {
            QueueItem i = view.item();
            DraftDetail detail = new DraftDetail(i.draftId, i.state, i.version, i.patientRef, view.patientDisplay(),
                    view.banner(), i.encounterRef, i.noteType, i.purpose, new Lineage(i.providerId, i.modelName,
                            i.modelVersion, i.promptTemplateId, i.promptTemplateVersion, i.purposeVersion,
                            i.aiGenerated),
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
                    if (upstream.getHeaderString(HttpHeaders.RETRY_AFTER) != null) {
                        // scribe's rate limit on draft requests: the clinician is told when to try again
                        answer.header(HttpHeaders.RETRY_AFTER, upstream.getHeaderString(HttpHeaders.RETRY_AFTER));
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
