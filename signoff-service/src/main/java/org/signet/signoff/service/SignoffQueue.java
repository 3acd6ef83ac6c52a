package org.signet.signoff.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.signet.kit.DomainException;
import org.signet.kit.TraceContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.DraftEvidence;
import org.signet.contracts.DraftEvidence.Fact;
import org.signet.contracts.DraftReady;
import org.signet.contracts.NoteFiled;
import org.signet.contracts.NoteFilingFailed;
import org.signet.contracts.NoteSigned;
import org.signet.contracts.Topics;
import org.signet.evidence.TranscriptUnits;
import org.signet.kit.AuditTrail;
import org.signet.signoff.client.ReidentificationClient;
import org.signet.signoff.client.TokenizationClient;
import org.signet.signoff.client.TokenizationClient.TextRequest;
import org.signet.signoff.mapping.ContentHash;
import org.signet.signoff.mapping.SignedNotes;
import org.signet.signoff.mapping.WordEdits;
import org.signet.signoff.messaging.OutboxRelay;
import org.signet.signoff.queue.EditMetric;
import org.signet.signoff.queue.QueueItem;
import org.signet.signoff.queue.QueueItem.State;
import org.signet.signoff.review.ReviewState;

/**
 * The sign-off queue: drafts arrive (tokens only), the assigned clinician reads them re-identified, edits (re-
 * pseudonymized before storing), signs or rejects; filing outcomes move them on. Only the assigned clinician acts
 * on a draft; any other caller is refused and the refusal is audited.
 */
@ApplicationScoped
public class SignoffQueue {

    private static final String STALE_VERSION = "The draft changed since you loaded it; reload it and try again.";
    private static final String IF_MATCH_REQUIRED = "Send If-Match with the draft's ETag.";

    private static final Logger LOG = Logger.getLogger(SignoffQueue.class);

    /** A draft as its clinician sees it: text and patient name re-identified, in flight only. */
    /**
     * @param invisibleCharactersRemoved invisible and bidi control characters taken out of the text shown (and of
     *                                   the note filed, which is re-identified the same way)
     */
    public record DraftView(QueueItem item, String text, String patientDisplay, List<String> unknownTokens,
            int invisibleCharactersRemoved, Banner banner) {}

    /** The banner's identifiers re-identified for the clinician; each null when the draft came without it. */
    public record Banner(String birthDate, String mrn, String encounterDate, String encounterType) {}

    /** What a signature produced. */
    public record Signature(UUID draftId, long version, Instant signedAt, String signer, String signerFhirUser,
            String contentSha256, String idempotencyKey) {}

    private final TokenizationClient tokenization;
    private final ReidentificationClient reidentification;
    private final AuditTrail audit;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final ObjectMapper json;

    public SignoffQueue(@RestClient TokenizationClient tokenization,
            @RestClient ReidentificationClient reidentification, AuditTrail audit, Outbox outbox, OutboxRelay relay,
            ObjectMapper json) {
        this.tokenization = tokenization;
        this.reidentification = reidentification;
        this.audit = audit;
        this.outbox = outbox;
        this.relay = relay;
        this.json = json;
    }

    // --- events in ---

    /** A PHI-free reason the event cannot be queued, or null. */
    public static String check(DraftReady event) {
        if (event.draftId() == null || event.vaultId() == null) {
            return "draftId and vaultId are required";
        }
        if (blank(event.requestedBy()) || blank(event.patientRef()) || blank(event.noteType())
                || blank(event.purpose()) || event.pseudonymizedText() == null) {
            return "requestedBy, patientRef, noteType, purpose and pseudonymizedText are required";
        }
        return null;
    }

    /** Queues a ready draft for its clinician; a redelivered event changes nothing. */
    public Uni<Void> receive(DraftReady event) {
        String trace = TraceContexts.traceparent(); // the drafts.ready record's: the draft's trace
        return Panache.withTransaction(() -> QueueItem.<QueueItem>findById(event.draftId()).chain(existing -> {
            if (existing != null) {
                LOG.infof("draft %s already queued; redelivery ignored", event.draftId());
                return Uni.createFrom().voidItem();
            }
            QueueItem item = new QueueItem();
            item.draftId = event.draftId();
            item.vaultId = event.vaultId();
            item.assignedTo = event.requestedBy();
            item.patientRef = event.patientRef();
            item.patientDisplay = event.patientDisplay();
            item.encounterRef = event.encounterRef();
            if (event.banner() != null) {
                item.birthDate = event.banner().birthDate();
                item.mrn = event.banner().mrn();
                item.encounterDate = event.banner().encounterDate();
                item.encounterType = event.banner().encounterType();
            }
            item.noteType = event.noteType();
            item.purpose = event.purpose();
            item.purposeVersion = event.purposeVersion();
            DraftReady.ModelLineage model = event.model();
            if (model != null) {
                item.providerId = model.providerId();
                item.modelName = model.modelName();
                item.modelVersion = model.modelVersion();
                item.promptTemplateId = model.promptTemplateId();
                item.promptTemplateVersion = model.promptTemplateVersion();
                item.aiGenerated = model.aiGenerated();
            }
            item.state = State.PENDING_REVIEW;
            item.traceParent = trace;
            item.draftText = event.pseudonymizedText();
            item.currentText = event.pseudonymizedText();
            item.evidence = event.evidence() == null ? null : write(event.evidence());
            item.receivedAt = Instant.now();
            if (event.reviewDays() != null && event.reviewDays() > 0) {
                item.reviewDeadline = item.receivedAt.plus(java.time.Duration.ofDays(event.reviewDays()));
            }
            item.draftCreatedAt = event.createdAt() == null ? item.receivedAt : event.createdAt();
            item.updatedAt = item.receivedAt;
            LOG.infof("draft %s queued for %s", item.draftId, item.assignedTo);
            return item.persist().replaceWithVoid();
        }));
    }

    public static String check(NoteFiled event) {
        return event.draftId() == null || blank(event.documentReferenceId())
                ? "draftId and documentReferenceId are required" : null;
    }

    /** The note is in the EHR. Repeats and late duplicates change nothing. */
    public Uni<Void> filed(NoteFiled event) {
        return Panache.withTransaction(() -> QueueItem.<QueueItem>findById(event.draftId()).invoke(item -> {
            if (item == null) {
                LOG.warnf("notes.filed for unknown draft %s ignored", event.draftId());
                return;
            }
            if (item.state == State.SIGNED || item.state == State.FILING_FAILED) {
                item.state = State.FILED;
                item.documentReferenceId = event.documentReferenceId();
                item.filedAt = event.filedAt() == null ? Instant.now() : event.filedAt();
                item.filingFailureReason = null;
                item.updatedAt = Instant.now();
            } else if (item.state != State.FILED) {
                LOG.warnf("notes.filed for draft %s in state %s ignored", item.draftId, item.state);
            }
        })).replaceWithVoid();
    }

    public static String check(NoteFilingFailed event) {
        return event.draftId() == null ? "draftId is required" : null;
    }

    /** Filing failed (fhir-adapter may still be retrying); a FILED note never goes back. */
    public Uni<Void> filingFailed(NoteFilingFailed event) {
        return Panache.withTransaction(() -> QueueItem.<QueueItem>findById(event.draftId()).invoke(item -> {
            if (item == null) {
                LOG.warnf("notes.filing-failed for unknown draft %s ignored", event.draftId());
                return;
            }
            if (item.state == State.SIGNED || item.state == State.FILING_FAILED) {
                item.state = State.FILING_FAILED;
                item.filingFailureReason = event.reason();
                item.filingFailurePermanent = event.permanent();
                item.filingAttempts = event.attempts();
                item.updatedAt = Instant.now();
            } else {
                LOG.warnf("notes.filing-failed for draft %s in state %s ignored", item.draftId, item.state);
            }
        })).replaceWithVoid();
    }

    // --- the clinician's actions ---

    public Uni<List<QueueItem>> queueOf(Caller caller, QueueItem.Filter filter) {
        return Panache.withSession(() -> QueueItem.assignedTo(caller.subject(), filter));
    }

    /**
     * The patients' names of the caller's own items, re-identified with the caller's token, by draft id. A name the
     * vault no longer holds (shredded, expired) or that tokenization-service cannot give now is simply absent: the
     * list still shows, with the token.
     */
    public Uni<Map<UUID, String>> patientNames(Caller caller, List<QueueItem> items) {
        List<Uni<Map.Entry<UUID, String>>> lookups = items.stream()
                .filter(item -> item.patientDisplay != null && caller.subject().equals(item.assignedTo))
                .map(item -> reidentify(caller, item, item.patientDisplay)
                        .map(found -> Map.entry(item.draftId, found.text()))
                        .onFailure().recoverWithItem(Map.entry(item.draftId, "")))
                .toList();
        if (lookups.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(lookups).usingConcurrencyOf(8).andFailFast().map(found -> {
            Map<UUID, String> names = new HashMap<>();
            found.stream().filter(e -> !e.getValue().isEmpty()).forEach(e -> names.put(e.getKey(), e.getValue()));
            return names;
        });
    }

    /**
     * The caller's items whose patient is {@code ehrPatient} ({@code Patient/<id>} as the EHR names it): each item's
     * patient reference token re-identified with the caller's own token (audited by tokenization-service), since the
     * queue stores tokens only and each draft's vault has tokens of its own. A token that cannot be re-identified
     * does not match.
     */
    public Uni<List<QueueItem>> ofEhrPatient(Caller caller, List<QueueItem> items, String ehrPatient) {
        List<Uni<QueueItem>> lookups = items.stream()
                .filter(item -> item.patientRef != null && caller.subject().equals(item.assignedTo))
                .map(item -> reidentify(caller, item, item.patientRef)
                        .map(found -> ehrPatient.equals(found.text().trim()) ? item : null)
                        .onFailure().recoverWithNull())
                .toList();
        if (lookups.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(lookups).usingConcurrencyOf(8).andFailFast()
                .map(found -> found.stream().filter(java.util.Objects::nonNull).toList());
    }

    /** The draft re-identified with the caller's own token; audited either way. */
    public Uni<DraftView> read(UUID id, Caller caller) {
        return load(id)
                .chain(item -> authorize(item, caller, "draft.read"))
                .chain(item -> reidentify(caller, item, item.currentText)
                        .chain(text -> banner(caller, item)
                                .chain(banner -> audit.record(caller.subject(), "draft.read",
                                        AuditEvent.Outcome.SUCCESS, item.patientRef, item.purpose, resource(item),
                                        Map.of("version", String.valueOf(item.version)))
                                        .replaceWith(new DraftView(item, text.text(), banner[0],
                                                text.unknownTokens() == null ? List.of() : text.unknownTokens(),
                                                text.invisibleCharactersRemoved(), new Banner(banner[1], banner[2],
                                                        banner[3], item.encounterType))))));
    }

    /**
     * The patient's name, birth date and MRN and the encounter's date, re-identified in one call; each null when
     * the draft has no such token.
     */
    private Uni<String[]> banner(Caller caller, QueueItem item) {
        String[] tokens = {item.patientDisplay, item.birthDate, item.mrn, item.encounterDate};
        List<String> present = java.util.Arrays.stream(tokens).filter(java.util.Objects::nonNull).toList();
        return reidentifyPieces(caller, item, present).map(shown -> {
            String[] out = new String[tokens.length];
            int next = 0;
            for (int k = 0; k < tokens.length; k++) {
                out[k] = tokens[k] == null ? null : shown.get(next++);
            }
            return out;
        });
    }

    /** Saves the clinician's plain text, pseudonymized into the draft's vault first: new names become tokens. */
    public Uni<QueueItem> edit(UUID id, Long ifMatch, String plainText, Caller caller) {
        if (ifMatch == null) {
            return Uni.createFrom().failure(DomainException.preconditionRequired(IF_MATCH_REQUIRED));
        }
        return load(id)
                .chain(item -> authorize(item, caller, "draft.edit"))
                .invoke(item -> requireReviewable(item, ifMatch))
                .chain(item -> pseudonymize(item, plainText))
                .chain(pseudonymized -> Panache.withTransaction(() -> QueueItem.<QueueItem>findById(id)
                        .invoke(item -> requireReviewable(item, ifMatch))
                        .call(item -> {
                            item.currentText = pseudonymized;
                            item.updatedAt = Instant.now();
                            return outbox.audit(audit.event(caller.subject(), "draft.edit",
                                    AuditEvent.Outcome.SUCCESS, item.patientRef, item.purpose, resource(item),
                                    Map.of("fromVersion", String.valueOf(ifMatch))));
                        })
                        .call(() -> Panache.getSession().chain(s -> s.flush()))))
                .onFailure(SignoffQueue::lostOptimisticLock).transform(e -> DomainException.preconditionFailed(STALE_VERSION));
    }

    /**
     * Signs the current text: attestation by the assigned clinician, content hash, edit metrics, {@code NoteSigned}
     * and the audit event, all in one transaction (the outbox publishes them).
     */
    public Uni<Signature> sign(UUID id, Long ifMatch, Caller caller) {
        return Panache.withTransaction(() -> QueueItem.<QueueItem>findById(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("draft"))
                .chain(item -> authorize(item, caller, "draft.sign"))
                .chain(item -> {
                    requireReviewable(item, ifMatch);
                    ReviewState review = reviewOf(item);
                    if (review != null && !review.unanswered().isEmpty()) {
                        throw DomainException.conflict(unansweredMessage(review.unanswered()));
                    }
                    NoteSigned.Review signedReview = review == null ? null
                            : review.review(item.evidenceShownAt != null);
                    Map<String, String> details = new HashMap<>(Map.of("contentSha256",
                            ContentHash.sha256Hex(item.currentText), "idempotencyKey",
                            SignedNotes.idempotencyKey(item.draftId)));
                    if (signedReview != null) {
                        details.put("sentences", String.valueOf(signedReview.sentences()));
                        details.put("supportedSentences", String.valueOf(signedReview.supportedSentences()));
                        details.put("evidenceShown", String.valueOf(signedReview.evidenceShown()));
                        details.put("omissionsAdded", String.valueOf(signedReview.omissions().stream()
                                .filter(d -> NoteSigned.OmissionDecision.ADDED.equals(d.decision())).count()));
                        details.put("omissionsNotRelevant", String.valueOf(signedReview.omissions().stream()
                                .filter(d -> NoteSigned.OmissionDecision.NOT_RELEVANT.equals(d.decision())).count()));
                    }
                    Instant now = Instant.now();
                    item.state = State.SIGNED;
                    item.signedBy = caller.subject();
                    item.signerFhirUser = caller.fhirUser();
                    item.signedAt = now;
                    item.contentSha256 = ContentHash.sha256Hex(item.currentText);
                    item.updatedAt = now;
                    EditMetric metric = metricOf(item);
                    return metric.persist()
                            // filed in the draft's trace, whichever trace (if any) the signature came in
                            .chain(() -> outbox.enqueue(Topics.NOTES_SIGNED, item.draftId.toString(),
                                    SignedNotes.event(item, signedReview), item.traceParent != null
                                            ? item.traceParent : TraceContexts.traceparent()))
                            .chain(() -> outbox.audit(audit.event(caller.subject(), "draft.sign",
                                    AuditEvent.Outcome.SUCCESS, item.patientRef, item.purpose, resource(item),
                                    details)))
                            .chain(() -> Panache.getSession().chain(s -> s.flush()))
                            .replaceWith(item);
                }))
                .map(item -> new Signature(item.draftId, item.version, item.signedAt, item.signedBy,
                        item.signerFhirUser, item.contentSha256, SignedNotes.idempotencyKey(item.draftId)))
                // Publish the committed NoteSigned now instead of at the relay's next tick, so filing starts at
                // once; if this fails, the scheduled relay still sends it.
                .call(signature -> relay.relay().onFailure().invoke(e -> LOG.debugf(
                        "immediate relay after signing %s failed (%s); the scheduled relay will send it",
                        signature.draftId(), e.getClass().getSimpleName())).onFailure().recoverWithNull())
                .onFailure(SignoffQueue::lostOptimisticLock)
                .transform(e -> DomainException.conflict("The draft was signed or changed concurrently."));
    }

    /** Rejects the draft; the reason is clinician free text, so it is pseudonymized before it is stored. */
    public Uni<QueueItem> reject(UUID id, Long ifMatch, String reason, Caller caller) {
        return load(id)
                .chain(item -> authorize(item, caller, "draft.reject"))
                .invoke(item -> requireReviewable(item, ifMatch))
                .chain(item -> pseudonymize(item, reason))
                .chain(pseudonymized -> Panache.withTransaction(() -> QueueItem.<QueueItem>findById(id)
                        .invoke(item -> requireReviewable(item, ifMatch))
                        .call(item -> {
                            item.state = State.REJECTED;
                            item.rejectionReason = pseudonymized;
                            item.rejectedAt = Instant.now();
                            item.updatedAt = item.rejectedAt;
                            return outbox.audit(audit.event(caller.subject(), "draft.reject",
                                    AuditEvent.Outcome.SUCCESS, item.patientRef, item.purpose, resource(item),
                                    Map.of()));
                        })
                        .call(() -> Panache.getSession().chain(s -> s.flush()))))
                .onFailure(SignoffQueue::lostOptimisticLock)
                .transform(e -> DomainException.conflict("The draft was changed concurrently."));
    }

    // --- evidence and omissions ---

    /** The review of a draft as its clinician sees it: pseudonymized state, and each piece re-identified. */
    public record Evidence(QueueItem item, ReviewState state, DraftEvidence evidence, List<String> sentenceTexts,
            List<TranscriptUnits.Unit> units, List<String> unitTexts, List<String> chartDisplays,
            List<String> omissionNames) {}

    /** What separates the pieces of one re-identification call; it is no token and survives it as written. */
    private static final String PIECE = "\n⁂⁂⁂\n";

    /**
     * The evidence of the draft's current text and its open omissions, re-identified with the caller's own token
     * in one call; the first showing to the assigned clinician is recorded (the signature's review says so).
     * Audited either way. A draft sent without evidence answers with none.
     */
    public Uni<Evidence> evidence(UUID id, Caller caller) {
        return load(id)
                .chain(item -> authorize(item, caller, "draft.read"))
                .chain(item -> {
                    DraftEvidence evidence = evidenceOf(item);
                    if (evidence == null) {
                        return Uni.createFrom().item(new Evidence(item, null, null, List.of(), List.of(), List.of(),
                                List.of(), List.of()));
                    }
                    ReviewState state = ReviewState.of(item.draftText, item.currentText, evidence, decisionsOf(item));
                    List<TranscriptUnits.Unit> units = TranscriptUnits.of(evidence.transcript());
                    List<String> pieces = new ArrayList<>();
                    state.sentences().forEach(s -> pieces.add(item.currentText.substring(s.start(), s.end())));
                    units.forEach(u -> pieces.add(evidence.transcript().substring(u.start(), u.end())));
                    evidence.chart().forEach(c -> pieces.add(c.display()));
                    state.open().forEach(f -> pieces.add(f.name()));
                    return reidentifyPieces(caller, item, pieces).map(shown -> {
                        int a = state.sentences().size();
                        int b = a + units.size();
                        int c = b + evidence.chart().size();
                        return new Evidence(item, state, evidence, shown.subList(0, a), units, shown.subList(a, b),
                                shown.subList(b, c), shown.subList(c, shown.size()));
                    });
                })
                .call(view -> view.evidence() == null || view.item().evidenceShownAt != null
                        ? Uni.createFrom().voidItem()
                        // a bulk update: being shown the evidence is no change of the draft, so its version stays
                        : Panache.withTransaction(() -> QueueItem.update("evidenceShownAt = ?1 where draftId = ?2 "
                                + "and evidenceShownAt is null", Instant.now(), id)).replaceWithVoid())
                .call(view -> audit.record(caller.subject(), "draft.evidence", AuditEvent.Outcome.SUCCESS,
                        view.item().patientRef, view.item().purpose, resource(view.item()), Map.of(
                                "sentences", String.valueOf(view.state() == null ? 0 : view.state().sentences().size()),
                                "openOmissions", String.valueOf(view.state() == null ? 0 : view.state().open().size()))));
    }

    /**
     * The clinician's answer to one omission ({@code added} or {@code not-relevant}), recorded on the draft and
     * audited (kind and answer, never the fact's words). The key must name a fact of the draft's encounter.
     */
    public Uni<QueueItem> decide(UUID id, String key, String decision, Caller caller) {
        return load(id)
                .chain(item -> authorize(item, caller, "draft.edit"))
                .chain(loaded -> Panache.withTransaction(() -> QueueItem.<QueueItem>findById(id).call(item -> {
                    requireReviewable(item, null);
                    DraftEvidence evidence = evidenceOf(item);
                    Fact fact = evidence == null ? null : evidence.facts().stream()
                            .filter(f -> f.key().equals(key) && !f.negated()).findFirst().orElse(null);
                    if (fact == null) {
                        throw DomainException.notFound("omission");
                    }
                    List<NoteSigned.OmissionDecision> decisions = new ArrayList<>(decisionsOf(item));
                    decisions.removeIf(d -> d.key().equals(key));
                    decisions.add(new NoteSigned.OmissionDecision(key, fact.kind(), fact.name(), decision,
                            Instant.now()));
                    item.omissionDecisions = write(decisions);
                    item.updatedAt = Instant.now();
                    return outbox.audit(audit.event(caller.subject(), "draft.omission", AuditEvent.Outcome.SUCCESS,
                            item.patientRef, item.purpose, resource(item), Map.of("kind", fact.kind(),
                                    "source", fact.source(), "decision", decision)));
                }).call(() -> Panache.getSession().chain(s -> s.flush()))))
                .onFailure(SignoffQueue::lostOptimisticLock)
                .transform(e -> DomainException.conflict("The draft was changed concurrently."));
    }

    /** The review state of the item's current text, or null when the draft came without evidence. */
    private ReviewState reviewOf(QueueItem item) {
        DraftEvidence evidence = evidenceOf(item);
        return evidence == null ? null : ReviewState.of(item.draftText, item.currentText, evidence, decisionsOf(item));
    }

    private DraftEvidence evidenceOf(QueueItem item) {
        try {
            return item.evidence == null ? null : json.readValue(item.evidence, DraftEvidence.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored evidence of draft " + item.draftId + " is unreadable", e);
        }
    }

    private List<NoteSigned.OmissionDecision> decisionsOf(QueueItem item) {
        try {
            return item.omissionDecisions == null ? List.of() : List.of(json.readValue(item.omissionDecisions,
                    NoteSigned.OmissionDecision[].class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored omission decisions of draft " + item.draftId
                    + " are unreadable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "2 facts of the encounter (medication, problem) are not in the note …": kinds and count, no words. */
    static String unansweredMessage(List<Fact> unanswered) {
        String kinds = unanswered.stream().map(Fact::kind).distinct().sorted().collect(
                java.util.stream.Collectors.joining(", "));
        return unanswered.size() + (unanswered.size() == 1 ? " fact" : " facts") + " of the encounter (" + kinds
                + ") " + (unanswered.size() == 1 ? "is" : "are") + " not in the note: answer each in the review "
                + "(added to the note, or not relevant) before signing.";
    }

    /** Re-identifies several pieces in one call; the pieces come back in order. */
    private Uni<List<String>> reidentifyPieces(Caller caller, QueueItem item, List<String> pieces) {
        if (pieces.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return reidentify(caller, item, String.join(PIECE, pieces)).map(found -> {
            List<String> shown = List.of(found.text().split(java.util.regex.Pattern.quote(PIECE), -1));
            if (shown.size() != pieces.size()) {
                throw DomainException.unavailable("Service Unavailable", "the evidence could not be re-identified "
                        + "piece by piece; try again.");
            }
            return shown;
        });
    }

    // --- helpers ---

    static EditMetric metricOf(QueueItem item) {
        WordEdits.Result edits = WordEdits.compare(item.draftText, item.currentText);
        EditMetric metric = new EditMetric();
        metric.draftId = item.draftId;
        metric.clinician = item.signedBy;
        metric.noteType = item.noteType;
        metric.providerId = item.providerId;
        metric.modelName = item.modelName;
        metric.modelVersion = item.modelVersion;
        metric.promptTemplateId = item.promptTemplateId;
        metric.promptTemplateVersion = item.promptTemplateVersion;
        metric.draftWords = edits.draftWords();
        metric.finalWords = edits.finalWords();
        metric.wordEditDistance = edits.distance();
        metric.editRatio = edits.ratio();
        metric.msToSign = Math.max(0, Duration.between(item.draftCreatedAt, item.signedAt).toMillis());
        metric.signedAt = item.signedAt;
        return metric;
    }

    private Uni<QueueItem> load(UUID id) {
        return Panache.withSession(() -> QueueItem.<QueueItem>findById(id))
                .onItem().ifNull().failWith(() -> DomainException.notFound("draft"));
    }

    /** Only the assigned clinician passes; anyone else is audited as DENIED and refused. */
    private Uni<QueueItem> authorize(QueueItem item, Caller caller, String action) {
        if (caller.clinician() && item.assignedTo.equals(caller.subject())) {
            return Uni.createFrom().item(item);
        }
        return audit.record(caller.subject(), action, AuditEvent.Outcome.DENIED, item.patientRef, item.purpose,
                        resource(item), Map.of("role", caller.primaryRole()))
                .chain(() -> Uni.createFrom().failure(DomainException.forbidden(
                        "Only the clinician this draft is assigned to may " + action.substring(6) + " it.")));
    }

    /** @param ifMatch the version the caller saw, or null when the action does not require one */
    private static void requireReviewable(QueueItem item, Long ifMatch) {
        if (!item.state.reviewable()) {
            throw DomainException.conflict(switch (item.state) {
                case SIGNED, FILED, FILING_FAILED -> "The draft is already signed.";
                case REJECTED -> "The draft was rejected.";
                case EXPIRED -> "The draft expired before review.";
                default -> "The draft is not open for review.";
            });
        }
        if (ifMatch != null && ifMatch != item.version) {
            throw DomainException.preconditionFailed(STALE_VERSION);
        }
    }

    private Uni<ReidentificationClient.Reidentified> reidentify(Caller caller, QueueItem item, String text) {
        return reidentification.reidentify(caller.bearer(), item.vaultId, new TextRequest(text))
                .onFailure().transform(e -> upstream(e, "re-identify"));
    }

    private Uni<String> pseudonymize(QueueItem item, String plainText) {
        return tokenization.pseudonymizeText(item.vaultId, new TextRequest(plainText))
                .map(TokenizationClient.PseudonymizedText::text)
                .onFailure().transform(e -> upstream(e, "pseudonymize"));
    }

    private static Throwable upstream(Throwable e, String what) {
        if (e instanceof DomainException) {
            return e;
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status == 403) {
                return DomainException.forbidden("tokenization-service refused to " + what + " this draft.");
            }
            if (status == 404 || status == 410) {
                return DomainException.gone("The draft's vault no longer exists (retention); its text is gone.");
            }
            if (status == 429) {
                String retryAfter = web.getResponse().getHeaderString("Retry-After");
                return DomainException.rateLimited("Too many re-identifications from this account; try again "
                        + "shortly.", retryAfter != null && retryAfter.matches("\\d{1,6}") ? Long.parseLong(retryAfter) : 60);
            }
        }
        LOG.warnf("tokenization-service failed to %s (%s)", what, e.getClass().getSimpleName());
        return DomainException.unavailable("Service Unavailable", "tokenization-service could not " + what + " the text; "
                + "try again shortly.");
    }

    static String resource(QueueItem item) {
        return "draft/" + item.draftId;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Hibernate reports a lost optimistic-lock race under several exception types. */
    private static boolean lostOptimisticLock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }
}
