package org.signet.scribe.draft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import org.signet.contracts.DraftEvidence;
import org.signet.contracts.DraftReady;

/**
 * Publishes each ready draft on {@code drafts.ready} at least once. The pipeline sends it as soon as the draft is
 * stored; a draft whose send Kafka did not acknowledge (the broker restarting, the instance stopping between commit
 * and send) keeps {@code ready_published_at} null and is sent again, once the job's lease has run out (its pipeline
 * is done with it), by whichever instance's relay locks it first ({@code SKIP LOCKED}). The lease is reckoned on the
 * database's clock, so instances whose clocks disagree neither resend a draft a pipeline is still sending nor leave
 * one waiting for minutes. signoff-service queues a draft once, however often it arrives.
 */
@ApplicationScoped
public class DraftReadyRelay {

    private static final Logger LOG = Logger.getLogger(DraftReadyRelay.class);
    /** The pipeline's own send waits this long for Kafka's acknowledgement. */
    static final Duration INLINE_WAIT = Duration.ofSeconds(30);
    private static final int BATCH = 20;

    private final Emitter<Record<String, DraftReady>> draftsReady;
    private final DraftJobs jobs;
    private final ObjectMapper json;

    public DraftReadyRelay(@Channel("drafts-ready") Emitter<Record<String, DraftReady>> draftsReady, DraftJobs jobs,
            ObjectMapper json) {
        this.draftsReady = draftsReady;
        this.jobs = jobs;
        this.json = json;
    }

    /**
     * Sends the draft the pipeline just stored and marks it sent; when Kafka did not acknowledge it in time, says so
     * and leaves it to the relay. Blocking: called on the pipeline's worker.
     */
    public void publishNow(DraftJob job) {
        try {
            draftsReady.send(record(job)).toCompletableFuture().get(INLINE_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("draft %s: drafts.ready not acknowledged (%s); the relay sends it again", job.id,
                    e.getClass().getSimpleName());
            return;
        }
        jobs.markPublished(job.id);
    }

    @Scheduled(identity = "drafts-ready-relay", every = "${signet.scribe.jobs.relay-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return relay().onFailure().invoke(e -> LOG.warnf("drafts.ready relay failed (%s); retrying "
                + "next run", e.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Sends, oldest first, ready drafts still unsent whose lease ran out (the pipeline's own send, which renews the
     * lease while it waits, has given up or its instance stopped); how many.
     */
    public Uni<Integer> relay() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select * from scribe.draft_job where state = 'READY' and ready_published_at is "
                        + "null and (lease_until is null or lease_until < now()) order by updated_at limit " + BATCH
                        + " for update skip locked", DraftJob.class)
                .getResultList())
                .chain(this::sendInOrder));
    }

    private Uni<Integer> sendInOrder(List<DraftJob> unsent) {
        if (unsent.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(unsent)
                .onItem().transformToUniAndConcatenate(job -> acknowledged(record(job)).invoke(() -> {
                    job.readyPublishedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    LOG.infof("draft %s: drafts.ready sent again by the relay", job.id);
                }))
                .collect().asList()
                .map(List::size);
    }

    private Uni<Void> acknowledged(Record<String, DraftReady> record) {
        Context caller = Vertx.currentContext();
        Uni<Void> sent = Uni.createFrom().completionStage(() -> draftsReady.send(record));
        // Kafka acknowledges on its own thread; the Hibernate session must continue on its Vert.x context
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private Record<String, DraftReady> record(DraftJob job) {
        DraftEvidence evidence;
        try {
            evidence = job.evidence == null ? null : json.readValue(job.evidence, DraftEvidence.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("draft " + job.id + ": stored evidence is unreadable", e);
        }
        DraftReady event = new DraftReady(DraftReady.SCHEMA_VERSION, job.id, job.vaultId, job.requestedBy,
                job.patientRef, job.patientDisplay, job.encounterRef, job.noteType, job.purpose,
                job.purposeVersion == null ? 0 : job.purposeVersion,
                new DraftReady.ModelLineage(job.providerId, job.modelName, job.modelVersion, job.templateId,
                        job.templateVersion == null ? 0 : job.templateVersion, Boolean.TRUE.equals(job.aiGenerated)),
                job.draftText, job.updatedAt, job.reviewDays, evidence, new DraftReady.PatientBanner(
                        job.birthDateToken, job.mrnToken, job.encounterDateToken, job.encounterType));
        return Record.of(job.id.toString(), event);
    }
}
