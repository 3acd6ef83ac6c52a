package org.signet.signoff.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.signet.contracts.DraftReady;
import org.signet.contracts.NoteFiled;
import org.signet.contracts.NoteFilingFailed;
import org.signet.signoff.service.SignoffQueue;

/**
 * {@code drafts.ready}, {@code notes.filed} and {@code notes.filing-failed} → the queue. Each record is acknowledged
 * only after its change is committed (see {@link EventIntake} for what happens to the ones that cannot be).
 */
@ApplicationScoped
public class QueueEventsConsumer {

    private final EventIntake intake;
    private final SignoffQueue queue;

    public QueueEventsConsumer(EventIntake intake, SignoffQueue queue) {
        this.intake = intake;
        this.queue = queue;
    }

    @Incoming("drafts-ready")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> draftReady(Message<String> message) {
        return intake.take(message, DraftReady.class, SignoffQueue::check, queue::receive);
    }

    @Incoming("notes-filed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> noteFiled(Message<String> message) {
        return intake.take(message, NoteFiled.class, SignoffQueue::check, queue::filed);
    }

    @Incoming("notes-filing-failed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> filingFailed(Message<String> message) {
        return intake.take(message, NoteFilingFailed.class, SignoffQueue::check, queue::filingFailed);
    }
}
