package org.signet.adapter.service;

import org.signet.kit.DomainException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.jboss.logging.Logger;
import org.signet.kit.AuditTrail;
import org.signet.adapter.client.EhrClient;
import org.signet.adapter.client.EhrException;
import org.signet.adapter.client.Reidentification;
import org.signet.adapter.config.AdapterConfig;
import org.signet.adapter.filing.Filing;
import org.signet.adapter.mapping.NoteTransaction;
import org.signet.adapter.messaging.FilingEvents;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.NoteSigned;

/**
 * Files signed notes exactly once. The {@code filing} row (draft id = key) is the inbox/outbox: a note is recorded
 * before any attempt, and its Kafka record is acknowledged only after the row says FILED, FAILED_RETRYING or
 * FAILED_PERMANENT. Before posting, the EHR is asked whether the draft is already filed, and the DocumentReference
 * is a conditional create on {@code urn:signet:draft|{draftId}}, so a redelivery or a crash between the EHR's
 * answer and our commit never files twice.
 */
@ApplicationScoped
public class NoteFiler {

    static final Set<String> WRITE_SCOPES = Set.of("system/DocumentReference.rs", "system/DocumentReference.cu",
            "system/Device.cu", "system/Provenance.c", "system/Practitioner.rs");
    static final String ACTOR = "fhir-adapter";

    private static final Logger LOG = Logger.getLogger(NoteFiler.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final EhrClient ehr;
    private final Reidentification reidentification;
    private final FilingEvents events;
    private final AuditTrail audit;
    private final AdapterConfig.WriteBack config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final WriteBackRound round;

    /** How one round of attempts ended. */
    record Outcome(Filing.State state, String documentReferenceId, String reason, int attempts, String patientRef) {}

    /** Retrying cannot help. */
    static final class PermanentFailure extends RuntimeException {
        PermanentFailure(String message) {
            super(message);
        }
    }

    public NoteFiler(EhrClient ehr, Reidentification reidentification, FilingEvents events, AuditTrail audit,
            AdapterConfig config, ObjectMapper json, MeterRegistry metrics, WriteBackRound round) {
        this.ehr = ehr;
        this.round = round;
        this.metrics = metrics;
        this.json = json;
        this.reidentification = reidentification;
        this.events = events;
        this.audit = audit;
        this.config = config.writeBack();
    }

    /** One {@code notes.signed} record; completes once its outcome is durable (then the record may be acked). */
    public Uni<Void> receive(String value) {
        NoteSigned note;
        try {
            note = json.readValue(value, NoteSigned.class);
        } catch (IOException | RuntimeException e) {
            // Cannot be filed or even named; acknowledging is the only way past it. Logged without content.
            LOG.errorf("notes.signed record is not a NoteSigned (%s); skipped", e.getClass().getSimpleName());
            return Uni.createFrom().voidItem();
        }
        UUID draftId = note.draftId();
        if (draftId == null) {
            LOG.error("notes.signed record without draftId; skipped");
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Filing.<Filing>findById(draftId).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            Filing row = new Filing();
            row.draftId = draftId;
            row.state = Filing.State.RECEIVED;
            row.message = value;
            row.receivedAt = Instant.now();
            row.updatedAt = row.receivedAt;
            return row.<Filing>persist();
        })).flatMap(row -> switch (row.state) {
            // Announce again: the first announcement may have been lost between commit and send.
            case FILED -> events.filed(draftId, row.documentReferenceId);
            // The scheduler owns notes that are failing; a permanent failure stays one.
            case FAILED_RETRYING, FAILED_PERMANENT -> Uni.createFrom().voidItem();
            case RECEIVED -> attemptRound(note);
        });
    }

    /** Retries every note whose next attempt is due; called by the scheduler. */
    public Uni<Void> retryDue() {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Filing.due(now, config.retryBatch()).invoke(rows -> rows.forEach(row -> {
            // lease: a slow round is not picked up again by the next scheduler run
            row.nextAttemptAt = now.plus(config.retryInterval()).plus(leaseFor());
        }))).flatMap(rows -> Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> {
                    try {
                        return attemptRound(json.readValue(row.message, NoteSigned.class));
                    } catch (IOException e) {
                        return Uni.createFrom().voidItem();
                    }
                })
                .collect().last().replaceWithVoid());
    }

    private Uni<Void> attemptRound(NoteSigned note) {
        return WorkerThreads.run(() -> fileWithRetries(note, null, null)).flatMap(outcome -> record(note, outcome));
    }

    private Duration leaseFor() {
        return config.roundLease();
    }

    /**
     * Blocking: one round of tries ({@link WriteBackRound}: retried while the failure is transient, with backoff);
     * how it ended, and how many tries it took.
     */
    Outcome fileWithRetries(NoteSigned note, String replaces, UUID amendmentId) {
        AtomicInteger tries = new AtomicInteger();
        try {
            String[] filed = round.run(() -> {
                int attempt = tries.incrementAndGet();
                try {
                    return fileOnce(note, replaces, amendmentId);
                } catch (RuntimeException e) {
                    if (isSignets(e)) {
                        LOG.warnf("write-back of draft %s, attempt %d failed: %s", note.draftId(), attempt, reason(e));
                    } else {
                        LOG.errorf("write-back of draft %s, attempt %d failed unexpectedly (%s)", note.draftId(),
                                attempt, e.getClass().getName());
                    }
                    throw e;
                }
            });
            return new Outcome(Filing.State.FILED, filed[0], null, tries.get(), filed[1]);
        } catch (RuntimeException e) {
            Filing.State state = new WriteBackRound.Transient().test(e) ? Filing.State.FAILED_RETRYING
                    : Filing.State.FAILED_PERMANENT;
            LOG.warnf("write-back of draft %s ended the round %s after %d tries", note.draftId(), state, tries.get());
            return new Outcome(state, null, reason(e), tries.get(), null);
        }
    }

    /** What a failed try says of itself: the message of Signet's own failures, only the class of anything else. */
    private static String reason(RuntimeException e) {
        return isSignets(e) ? e.getMessage() : "unexpected " + e.getClass().getSimpleName();
    }

    /** Signet's own failures, whose messages name ids and statuses only (never what a client or parser quoted). */
    private static boolean isSignets(RuntimeException e) {
        return e instanceof PermanentFailure || e instanceof EhrException
                || e instanceof Reidentification.ReidentificationException;
    }

    /** Blocking: returns [DocumentReference id, patient reference]. */
    private String[] fileOnce(NoteSigned note, String replaces, UUID amendmentId) {
        String identifier = amendmentId == null ? NoteTransaction.DRAFT_SYSTEM + "|" + note.draftId()
                : NoteTransaction.AMENDMENT_SYSTEM + "|" + amendmentId;
        String existing = alreadyFiled(identifier);
        if (existing != null) {
            if (replaces != null) {
                supersede(replaces);
            }
            return new String[] {existing, null};
        }
        if (note.vaultId() == null || note.finalPseudonymizedText() == null || note.model() == null
                || note.noteType() == null || note.signer() == null) {
            throw new PermanentFailure("notes.signed lacks vaultId, text, model, noteType or signer");
        }
        String patientId = resolveId(note.vaultId(), note.patientRef(), "Patient");
        String encounterId = resolveId(note.vaultId(), note.encounterRef(), "Encounter");
        String text = reidentification.reidentify(note.vaultId(), note.finalPseudonymizedText());
        Reference clinician = clinician(note.signer(), note.signerFhirUser());
        Date signedAt = Date.from(note.signedAt() == null ? Instant.now() : note.signedAt());
        Bundle transaction = NoteTransaction.build(new NoteTransaction.Note(note.draftId(), note.noteType(),
                patientId, encounterId, clinician, text, signedAt, note.model(), replaces, amendmentId, note.review()));
        Bundle response = ehr.call(WRITE_SCOPES, client -> client.transaction().withBundle(transaction).execute());
        String location = response.getEntry().get(1).getResponse().getLocation();
        String documentId = new IdType(location).getIdPart();
        if (replaces != null) {
            supersede(replaces);
        }
        return new String[] {documentId, "Patient/" + patientId};
    }

    /** The id of a DocumentReference already filed under this identifier ({@code system|value}), or null. */
    String alreadyFiled(String identifier) {
        int bar = identifier.indexOf('|');
        Bundle found = ehr.call(WRITE_SCOPES, client -> client.search().forResource(DocumentReference.class)
                .where(DocumentReference.IDENTIFIER.exactly().systemAndIdentifier(identifier.substring(0, bar),
                        identifier.substring(bar + 1)))
                .elementsSubset("identifier").returnBundle(Bundle.class).execute());
        return found.getEntry().stream().filter(e -> e.getResource() != null)
                .map(e -> e.getResource().getIdElement().getIdPart()).findFirst().orElse(null);
    }

    /** Marks a filed note {@code entered-in-error}; blocking. */
    public void enteredInError(String documentId) {
        setStatus(documentId, org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
    }

    private void supersede(String documentId) {
        setStatus(documentId, org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.SUPERSEDED);
    }

    private void setStatus(String documentId, org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus status) {
        ehr.call(WRITE_SCOPES, client -> {
            var current = client.read().resource(DocumentReference.class).withId(documentId)
                    .execute();
            if (current.getStatus() == status) {
                return null;
            }
            current.setStatus(status);
            return client.update().resource(current).execute();
        });
    }

    /** A reference field of notes.signed: a token (re-identified through the vault) or a plain {@code Type/id}. */
    private String resolveId(UUID vaultId, String value, String type) {
        if (value == null || value.isBlank()) {
            throw new PermanentFailure("notes.signed carries no " + type.toLowerCase() + " reference");
        }
        String resolved = value.startsWith("[[") ? reidentification.reidentify(vaultId, value).trim() : value.trim();
        String id = resolved.startsWith(type + "/") ? resolved.substring(type.length() + 1) : resolved;
        if (!ID.matcher(id).matches()) {
            throw new PermanentFailure("the " + type.toLowerCase() + " reference of the note is not a " + type
                    + " id");
        }
        return id;
    }

    /**
     * The signing clinician: always by identifier {@code urn:signet:user|<Keycloak subject>}; also literally, when
     * the token's {@code fhirUser} names a Practitioner the EHR has. fhir-adapter never creates Practitioners: the
     * provider directory belongs to the EHR (and its SMART client has no {@code Practitioner.c} scope).
     */
    private Reference clinician(String signer, String fhirUser) {
        Reference ref = new Reference().setType("Practitioner")
                .setIdentifier(new Identifier().setSystem(NoteTransaction.USER_SYSTEM).setValue(signer));
        if (fhirUser != null && fhirUser.startsWith("Practitioner/")
                && ID.matcher(fhirUser.substring("Practitioner/".length())).matches()) {
            String id = fhirUser.substring("Practitioner/".length());
            Bundle found = ehr.call(WRITE_SCOPES, client -> client.search().forResource(Practitioner.class)
                    .where(Practitioner.RES_ID.exactly().code(id)).elementsSubset("id")
                    .returnBundle(Bundle.class).execute());
            if (found.getEntry().stream().anyMatch(e -> e.getResource() != null)) {
                ref.setReference("Practitioner/" + id);
            }
        }
        return ref;
    }

    private Uni<Void> record(NoteSigned note, Outcome outcome) {
        UUID draftId = note.draftId();
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Filing.<Filing>findById(draftId).map(row -> {
            Filing.State before = row.state;
            row.attempts += outcome.attempts();
            row.updatedAt = now;
            row.state = outcome.state();
            row.lastError = outcome.reason() == null ? null : truncate(outcome.reason());
            row.documentReferenceId = outcome.documentReferenceId();
            row.nextAttemptAt = outcome.state() == Filing.State.FAILED_RETRYING ? now.plus(config.retryInterval())
                    : null;
            return new Object[] {before, row.attempts};
        })).flatMap(result -> {
            Filing.State before = (Filing.State) result[0];
            int attempts = (int) result[1];
            count(outcome);
            Uni<Void> audited = audit.record(ACTOR, "ehr.write", outcome.state() == Filing.State.FILED
                    ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, outcome.patientRef(),
                    note.purpose(), "draft/" + draftId,
                    outcome.documentReferenceId() == null ? Map.of("state", outcome.state().name())
                            : Map.of("state", outcome.state().name(), "documentReference",
                                    outcome.documentReferenceId()));
            Uni<Void> announced = switch (outcome.state()) {
                case FILED -> events.filed(draftId, outcome.documentReferenceId());
                case FAILED_PERMANENT -> events.failed(draftId, outcome.reason(), true, attempts);
                // once, when the note starts failing; later rounds retry quietly until one succeeds
                case FAILED_RETRYING -> before == Filing.State.FAILED_RETRYING ? Uni.createFrom().voidItem()
                        : events.failed(draftId, outcome.reason(), false, attempts);
                case RECEIVED -> Uni.createFrom().voidItem();
            };
            return audited.flatMap(ignored -> announced);
        });
    }

    /**
     * A round's end on {@code /q/metrics}: {@code signet_filing_rounds_total} by outcome (FILED, FAILED_RETRYING: a
     * round that will be retried, FAILED_PERMANENT) and {@code signet_filing_attempts_total}, every try of every round.
     */
    private void count(Outcome outcome) {
        Counter.builder("signet.filing.rounds")
                .description("Rounds of write-back to the EHR by how they ended")
                .tag("outcome", outcome.state().name())
                .register(metrics)
                .increment();
        Counter.builder("signet.filing.attempts")
                .description("Tries to file a signed note in the EHR, retries included")
                .register(metrics)
                .increment(outcome.attempts());
    }

    private static String truncate(String reason) {
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    /**
     * Files {@code replacement} as a new note that replaces the draft's filed one ({@code relatesTo.code=replaces});
     * the old one becomes {@code superseded}. Idempotent per {@code amendmentId}. Blocking; returns the new id.
     */
    public String fileReplacement(NoteSigned replacement, String replaces, UUID amendmentId) {
        Outcome outcome = fileWithRetries(replacement, replaces, amendmentId);
        return switch (outcome.state()) {
            case FILED -> outcome.documentReferenceId();
            case FAILED_PERMANENT -> throw DomainException.unprocessable("The EHR refused the replacement: "
                    + outcome.reason());
            default -> throw DomainException.unavailable("EHR unavailable", "The replacement could not be filed now; retry with the same "
                    + "amendmentId.");
        };
    }
}
