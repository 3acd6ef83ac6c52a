package org.signet.adapter.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.signet.adapter.service.NoteFiler;
import org.signet.kit.ConsumedRecords;

/**
 * {@code notes.signed} → write-back. The record is acknowledged only after its outcome is durable in the
 * {@code filing} table; if that fails through a database restart ({@link ConsumedRecords}), it is nacked, and the channel's {@code failure-strategy=fail} stops consuming
 * without committing the offset, so the record is redelivered rather than dropped.
 */
@ApplicationScoped
public class NotesSignedConsumer {

    private final NoteFiler filer;

    public NotesSignedConsumer(NoteFiler filer) {
        this.filer = filer;
    }

    @Incoming("notes-signed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return ConsumedRecords.retriedThroughOutages(
                        Uni.createFrom().deferred(() -> filer.receive(message.getPayload())))
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }
}
