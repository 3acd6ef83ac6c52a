package org.signet.scribe.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.signet.kit.RateLimited;
import org.signet.kit.RateLimits;
import org.signet.scribe.config.ScribeConfig;
import org.signet.scribe.draft.DraftEvent;
import org.signet.scribe.draft.DraftJob;
import org.signet.scribe.draft.DraftJobs;
import org.signet.scribe.draft.DraftPipeline;
import org.signet.scribe.draft.DraftState;
import org.signet.scribe.draft.StepSignals;
import org.signet.kit.DomainException;

/**
 * Draft jobs for clinicians (directly, or through signoff-service forwarding the clinician's own token). A
 * request is answered 202 at once; the pipeline runs on a worker and its steps stream as Server-Sent Events.
 */
@Path("/v1/drafts")
@RolesAllowed("clinician")
public class DraftResource {

    private static final Duration STREAM_LIMIT = Duration.ofMinutes(15);
    private static final Duration RESCAN = Duration.ofSeconds(1);
    private static final Duration STREAM_RETRY = Duration.ofSeconds(5);
    /** Progress streams open per account (subject), bounded by {@code signet.scribe.max-streams-per-account}. */
    private final Map<String, Integer> openStreams = new ConcurrentHashMap<>();

    private final DraftJobs jobs;
    private final DraftPipeline pipeline;
    private final ManagedExecutor executor;
    private final JsonWebToken caller;
    private final StepSignals signals;
    private final ScribeConfig config;

    public DraftResource(DraftJobs jobs, DraftPipeline pipeline, ManagedExecutor executor, JsonWebToken caller,
            StepSignals signals, ScribeConfig config) {
        this.jobs = jobs;
        this.pipeline = pipeline;
        this.executor = executor;
        this.caller = caller;
        this.signals = signals;
        this.config = config;
    }

    /**
     * @param patient    EHR patient reference, e.g. {@code Patient/123}
     * @param encounter  EHR encounter reference
     * @param purpose    purpose id, e.g. {@code progress-note}
     * @param noteType   LOINC code of the note type
     * @param provider   model provider id; the configured default when absent
     * @param transcript the encounter transcript or dictation: in memory only until pseudonymized
     */
    public record DraftRequest(
            @NotBlank @Pattern(regexp = "Patient/[A-Za-z0-9\\-.]{1,64}") String patient,
            @NotBlank @Pattern(regexp = "Encounter/[A-Za-z0-9\\-.]{1,64}") String encounter,
            @NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String purpose,
            @NotBlank @Pattern(regexp = "\\d{1,7}-\\d") String noteType,
            @Pattern(regexp = "[a-z0-9-]{1,64}") String provider,
            @NotNull @Size(min = 1, max = 200_000) String transcript) {

        @Override
        public String toString() {
            return "DraftRequest[purpose=" + purpose + ", noteType=" + noteType + "]";
        }
    }

    public record Accepted(UUID id, DraftState state) {}

    public record Lineage(String providerId, String modelName, String modelVersion, Boolean aiGenerated,
            String templateId, Integer templateVersion, Integer purposeVersion, Integer promptTokens,
            Integer completionTokens, Long modelLatencyMs, Long pipelineMs) {}

    public record DraftStatus(UUID id, DraftState state, String reason, String purpose, String noteType,
            String patientRef, String patientDisplay, String encounterRef, UUID vaultId, String draftText,
            Lineage lineage, Instant createdAt, Instant updatedAt) {}

    public record Step(DraftState state, String detail, Instant at, boolean terminal) {}

    @RateLimited(RateLimits.Kind.DRAFT_REQUESTS)
    @POST
    @Blocking
    public Response request(@NotNull @Valid DraftRequest request) {
        UUID id = UUID.randomUUID();
        // the provider the job will use, named on the job from the start: its lineage (queue, quality report, the
        // filed note's Device) says which provider drafted it, the default included
        String provider = request.provider() == null ? config.defaultProvider() : request.provider();
        // Read the caller now: the token is request-scoped and the job outlives the request.
        String requestedBy = caller.getSubject();
        jobs.create(id, requestedBy, request.purpose(), request.noteType(), provider);
        executor.runAsync(() -> pipeline.run(new DraftPipeline.Command(id, requestedBy, request.patient(),
                request.encounter(), request.purpose(), request.noteType(), provider, request.transcript())));
        return Response.accepted(new Accepted(id, DraftState.RECEIVED))
                .location(URI.create("/v1/drafts/" + id)).build();
    }

    @GET
    @Path("/{id}")
    @Blocking
    public DraftStatus status(@PathParam("id") UUID id) {
        DraftJob job = own(id);
        return new DraftStatus(job.id, job.state, job.reason, job.purpose, job.noteType, job.patientRef,
                job.patientDisplay, job.encounterRef, job.vaultId, job.draftText,
                new Lineage(job.providerId, job.modelName, job.modelVersion, job.aiGenerated, job.templateId,
                        job.templateVersion, job.purposeVersion, job.promptTokens, job.completionTokens,
                        job.modelLatencyMs, job.pipelineMs),
                job.createdAt, job.updatedAt);
    }

    /** The job's steps so far, then each new one as it is recorded, until the job ends. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<Step> events(@PathParam("id") UUID id) {
        own(id);
        String account = caller.getSubject();
        if (openStreams.merge(account, 1, Integer::sum) > config.maxStreamsPerAccount()) {
            release(account);
            throw DomainException.rateLimited("Too many progress streams open for this account; close one first.",
                    STREAM_RETRY.toSeconds());
        }
        return Multi.createFrom().<Step>emitter(emitter -> executor.runAsync(() -> {
            long last = 0;
            Instant deadline = Instant.now().plus(STREAM_LIMIT);
            // Watch before the first read, so a step recorded between a read and the wait is not missed.
            long seen = signals.watch(id);
            try {
                while (!emitter.isCancelled() && Instant.now().isBefore(deadline)) {
                    List<DraftEvent> events = jobs.eventsAfter(id, last);
                    for (DraftEvent event : events) {
                        last = event.pk;
                        emitter.emit(new Step(event.state, event.detail, event.at, event.state.terminal()));
                        if (event.state.terminal()) {
                            emitter.complete();
                            return;
                        }
                    }
                    // Woken as soon as this process records a step; the timeout covers jobs run by another
                    // replica (and streams of clients that went away).
                    seen = signals.await(id, seen, RESCAN);
                }
                emitter.complete();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } catch (RuntimeException e) {
                emitter.fail(e);
            } finally {
                signals.unwatch(id);
            }
        })).onTermination().invoke(() -> release(account));
    }

    private void release(String account) {
        openStreams.computeIfPresent(account, (k, open) -> open > 1 ? open - 1 : null);
    }

    private DraftJob own(UUID id) {
        DraftJob job = jobs.find(id);
        if (job == null) {
            throw DomainException.notFound("draft");
        }
        if (!job.requestedBy.equals(caller.getSubject())) {
            throw DomainException.forbidden("This draft belongs to another clinician.");
        }
        return job;
    }
}
