package org.signet.signoff.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.signet.signoff.queue.QueueItem;

/** The caller's own sign-off queue. */
@Path("/v1/queue")
@RolesAllowed("clinician")
public class QueueResource {

    private final JsonWebToken caller;

    public QueueResource(JsonWebToken caller) {
        this.caller = caller;
    }

    /** A queue row: ids, tokens and state only; the text is fetched (re-identified) per draft. */
    public record QueueEntry(UUID draftId, String patientRef, String noteType, String purpose, QueueItem.State state,
            Instant receivedAt, long version) {}

    @GET
    @WithSession
    public Uni<List<QueueEntry>> mine() {
        return QueueItem.assignedTo(caller.getSubject()).map(items -> items.stream()
                .map(i -> new QueueEntry(i.draftId, i.patientRef, i.noteType, i.purpose, i.state, i.receivedAt,
                        i.version))
                .toList());
    }
}
