package org.signet.signoff.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.signet.kit.TraceContexts;

/** Sends one record and completes when Kafka acknowledged it, back on the caller's Vert.x context. */
final class KafkaSend {

    private KafkaSend() {}

    static Uni<Void> acknowledged(Emitter<String> emitter, String payload, OutgoingKafkaRecordMetadata<String> meta) {
        return acknowledged(emitter, payload, meta, null);
    }

    /** As above, the record's producer span a child of the trace {@code traceParent} names, when it names one. */
    static Uni<Void> acknowledged(Emitter<String> emitter, String payload, OutgoingKafkaRecordMetadata<String> meta,
            String traceParent) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(payload).addMetadata(meta);
        if (traceParent != null) {
            message = message.addMetadata(TracingMetadata.withCurrent(TraceContexts.fromTraceparent(traceParent)));
        }
        message = message
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        Context caller = Vertx.currentContext();
        emitter.send(message);
        Uni<Void> sent = Uni.createFrom().completionStage(acked);
        // Kafka acknowledges on its own network thread; a Hibernate session must continue on its Vert.x context.
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
