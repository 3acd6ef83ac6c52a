package org.signet.adapter.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.signet.contracts.NoteFiled;
import org.signet.contracts.NoteFilingFailed;

/** Announces filing outcomes on {@code notes.filed} / {@code notes.filing-failed}, keyed by draft id. */
@ApplicationScoped
public class FilingEvents {

    private final Emitter<Record<String, NoteFiled>> filed;
    private final Emitter<Record<String, NoteFilingFailed>> failed;

    public FilingEvents(@Channel("notes-filed") Emitter<Record<String, NoteFiled>> filed,
            @Channel("notes-filing-failed") Emitter<Record<String, NoteFilingFailed>> failed) {
        this.filed = filed;
        this.failed = failed;
    }

    public Uni<Void> filed(UUID draftId, String documentReferenceId) {
        NoteFiled event = new NoteFiled(NoteFiled.SCHEMA_VERSION, draftId, documentReferenceId, Instant.now());
        return acknowledged(() -> filed.send(Record.of(draftId.toString(), event)));
    }

    public Uni<Void> failed(UUID draftId, String reason, boolean permanent, int attempts) {
        NoteFilingFailed event = new NoteFilingFailed(NoteFilingFailed.SCHEMA_VERSION, draftId, reason, permanent,
                attempts, Instant.now());
        return acknowledged(() -> failed.send(Record.of(draftId.toString(), event)));
    }

    /** Completes when Kafka acknowledged, back on the caller's Vert.x context (see AuditTrail). */
    private static Uni<Void> acknowledged(Supplier<CompletionStage<Void>> send) {
        Uni<Void> sent = Uni.createFrom().completionStage(send);
        Context caller = Vertx.currentContext();
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
