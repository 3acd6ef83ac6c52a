package org.signet.audit.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.audit.chain.CanonicalRecord;
import org.signet.audit.chain.ChainVerifier;
import org.signet.audit.chain.CheckpointKey;
import org.signet.audit.chain.ScheduledVerification;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.DomainException;

/**
 * The auditor's API (role {@code auditor} only): search the trail, verify it, and fetch the key its checkpoints are
 * signed with. Every search is itself audited, with its filters (tokens and ids only).
 */
@Path("/v1/audit")
@RolesAllowed("auditor")
public class AuditResource {

    static final int MAX_PAGE = 1_000;

    private final Mutiny.SessionFactory sessions;
    private final ScheduledVerification verification;
    private final CheckpointKey key;
    private final AuditTrail audit;
    private final JsonWebToken jwt;

    public AuditResource(Mutiny.SessionFactory sessions, ScheduledVerification verification, CheckpointKey key,
            AuditTrail audit, JsonWebToken jwt) {
        this.sessions = sessions;
        this.verification = verification;
        this.key = key;
        this.audit = audit;
        this.jwt = jwt;
    }

    /** One stored event: its place in the chain, when the store received it, and the event as produced. */
    public record StoredEvent(long seq, Instant recordedAt, AuditEvent event) {}

    /** A page of events, oldest first; {@code next} is the {@code after} of the following page, null at the end. */
    public record EventPage(List<StoredEvent> events, Long next) {}

    /** The public half of the checkpoint key, for checking checkpoints outside this service. */
    public record CheckpointKeyInfo(String keyId, String algorithm, String publicKey) {}

    @GET
    @Path("/verify")
    public Uni<ChainVerifier.Report> verify() {
        return audit.record(actor(), "audit.verify", AuditEvent.Outcome.SUCCESS, null, null, "audit-trail", Map.of())
                .chain(verification::run);
    }

    @GET
    @Path("/checkpoint-key")
    public CheckpointKeyInfo checkpointKey() {
        return new CheckpointKeyInfo(key.keyId(), "Ed25519", key.publicKeyBase64());
    }

    /**
     * Events by patient reference, acting user or client, purpose, action, service and time ({@code from}
     * inclusive, {@code to} exclusive; a day as {@code to} includes that day), oldest first. A patient's events
     * include those of the patient's vaults and drafts, where the pseudonymized side names the patient by token.
     */
    @GET
    @Path("/events")
    public Uni<EventPage> events(@QueryParam("patient") String patient, @QueryParam("user") String user,
            @QueryParam("purpose") String purpose, @QueryParam("action") String action,
            @QueryParam("service") String service, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw DomainException.invalid("query parameter limit must be between 1 and " + MAX_PAGE);
        }
        String patientRef = AuditQuery.patientRef("patient", patient, false);
        AuditQuery query = new AuditQuery().equal("actor", user).equal("purpose", purpose).equal("action", action)
                .equal("service", service).occurredFrom(AuditQuery.time("from", from, false))
                .occurredBefore(AuditQuery.time("to", to, true)).after(after);
        Map<String, String> filters = new TreeMap<>();
        given(filters, "user", user);
        given(filters, "purpose", purpose);
        given(filters, "action", action);
        given(filters, "service", service);
        given(filters, "from", from);
        given(filters, "to", to);
        return audit.record(actor(), "audit.search", AuditEvent.Outcome.SUCCESS, patientRef, null, "audit-trail",
                filters)
                .chain(() -> sessions.withStatelessSession(session -> query.find(session, patientRef, size + 1)))
                .map(rows -> {
                    List<StoredEvent> events = rows.stream().limit(size).map(r -> new StoredEvent(r.seq,
                            CanonicalRecord.recordedAt(r.recordJson), CanonicalRecord.event(r.recordJson))).toList();
                    return new EventPage(events, rows.size() > size ? events.get(size - 1).seq() : null);
                });
    }

    /** The auditor, as audit events name users: the token's subject. */
    private String actor() {
        return jwt.getSubject();
    }

    private static void given(Map<String, String> details, String name, String value) {
        if (value != null && !value.isBlank()) {
            details.put(name, value.strip());
        }
    }
}
