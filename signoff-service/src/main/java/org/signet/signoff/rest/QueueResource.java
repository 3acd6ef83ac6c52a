package org.signet.signoff.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.signoff.queue.QueueItem;
import org.signet.signoff.service.Caller;
import org.signet.kit.DomainException;
import org.signet.signoff.service.SignoffQueue;

/** The caller's own sign-off queue. */
@Path("/v1/queue")
@RolesAllowed("clinician")
public class QueueResource {

    private final SignoffQueue queue;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public QueueResource(SignoffQueue queue, JsonWebToken token, SecurityIdentity identity) {
        this.queue = queue;
        this.token = token;
        this.identity = identity;
    }

    /**
     * A queue row: ids, tokens and state only; the text (and the patient's name) is fetched re-identified per draft.
     *
     * @param patientRef     patient reference token
     * @param patientDisplay patient name token
     * @param patientName    the patient's name re-identified for the caller, only when asked for with
     *                       {@code names=true}; null otherwise or when the vault no longer holds it
     */
    public record QueueEntry(UUID draftId, String patientRef, String patientDisplay, String patientName,
            String encounterRef, String noteType, String purpose, QueueItem.State state, boolean aiGenerated,
            Instant draftCreatedAt, Instant receivedAt, Instant updatedAt, Instant signedAt,
            String documentReferenceId, String filingFailureReason, long version) {

        static QueueEntry of(QueueItem i, String patientName) {
            return new QueueEntry(i.draftId, i.patientRef, i.patientDisplay, patientName, i.encounterRef, i.noteType,
                    i.purpose, i.state, i.aiGenerated, i.draftCreatedAt, i.receivedAt, i.updatedAt, i.signedAt,
                    i.documentReferenceId, i.filingFailureReason, i.version);
        }
    }

    /**
     * @param state   only items in this state
     * @param patient only items of this patient reference token, e.g. {@code [[PATIENT_REF_1]]}
     * @param from    only items received at or after this instant (ISO-8601)
     * @param to      only items received before this instant (ISO-8601)
     * @param names   also re-identify each patient's name with the caller's own token (each one audited by
     *                tokenization-service); the UI's list asks for it, status polling does not
     * @param ehrPatient only items of this patient as the EHR names it ({@code Patient/<id>}, a SMART launch's
     *                patient): each item's reference is re-identified with the caller's token to compare
     */
    @GET
    public Uni<List<QueueEntry>> mine(@QueryParam("state") String state, @QueryParam("patient") String patient,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("names") boolean names,
            @QueryParam("ehrPatient") String ehrPatient) {
        QueueItem.Filter filter = new QueueItem.Filter(state(state), patient == null || patient.isBlank() ? null
                : patient, instant("from", from), instant("to", to));
        if (ehrPatient != null && !EHR_PATIENT.matcher(ehrPatient).matches()) {
            throw DomainException.invalid("ehrPatient must be a FHIR reference like Patient/123.");
        }
        Caller caller = Caller.of(token, identity);
        return queue.queueOf(caller, filter)
                .chain(all -> ehrPatient == null ? Uni.createFrom().item(all)
                        : queue.ofEhrPatient(caller, all, ehrPatient))
                .chain(items -> {
                    if (!names) {
                        return Uni.createFrom().item(items.stream().map(i -> QueueEntry.of(i, null)).toList());
                    }
                    return queue.patientNames(caller, items).map(found -> items.stream()
                            .map(i -> QueueEntry.of(i, found.get(i.draftId))).toList());
                });
    }

    private static final java.util.regex.Pattern EHR_PATIENT = java.util.regex.Pattern.compile(
            "Patient/[A-Za-z0-9\\-.]{1,64}");

    private static QueueItem.State state(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return QueueItem.State.valueOf(value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("state must be one of " + List.of(QueueItem.State.values()) + ".");
        }
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(name + " must be an ISO-8601 instant like 2026-01-31T00:00:00Z.");
        }
    }
}
