package org.signet.signoff.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import org.signet.signoff.config.SignoffConfig;
import org.signet.signoff.queue.OutboxMessage;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks each sent once Kafka acknowledged it. Rows are
 * locked with {@code SKIP LOCKED}, so several instances relay without sending a row twice concurrently; a crash
 * after the send but before the mark sends it again (at least once: consumers deduplicate by idempotency key).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Emitter<String> emitter;
    private final SignoffConfig config;

    public OutboxRelay(@Channel("outbox") Emitter<String> emitter, SignoffConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    @Scheduled(every = "${signet.signoff.outbox.relay-every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return relay().onFailure().invoke(e -> LOG.warnf("outbox relay failed (%s); retrying next run",
                e.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends up to one batch; completes with how many rows were sent. */
    public Uni<Integer> relay() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select * from signoff.outbox where sent_at is null order by id limit "
                        + config.outbox().batchSize() + " for update skip locked", OutboxMessage.class)
                .getResultList())
                .chain(this::sendInOrder));
    }

    private Uni<Integer> sendInOrder(List<OutboxMessage> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(pending)
                .onItem().transformToUniAndConcatenate(row -> send(row).invoke(() -> {
                    row.sentAt = Instant.now();
                    row.attempts++;
                }))
                .collect().asList()
                .map(List::size);
    }

    private Uni<Void> send(OutboxMessage row) {
        return KafkaSend.acknowledged(emitter, row.payload, OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic).withKey(row.recordKey).build(), row.traceParent);
    }
}
