package org.signet.signoff.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.ConsumedRecords;
import org.signet.signoff.config.SignoffConfig;

/**
 * The one way this service takes a Kafka record: parse, check, apply, and acknowledge only after the change is
 * committed. Nothing is dropped silently:
 * <ul>
 *   <li>a record that is not a valid event (a producer bug; retrying cannot help) is copied, unchanged, to the
 *       dead-letter topic with its origin in headers, audited as FAILURE, then acknowledged — so one bad record
 *       does not stop the queue, and it stays available for a fix and replay. The dead-letter topic has the same
 *       tokens-only contract and access as the topic it came from; logs name the origin, never the content;</li>
 *   <li>a record that is valid but cannot be applied now (database restarting) is retried for a while
 *       ({@link ConsumedRecords}), then nacked: the channel's
 *       {@code failure-strategy=fail} stops consuming without committing the offset, health turns DOWN, and the
 *       record is redelivered after the restart.</li>
 * </ul>
 */
@ApplicationScoped
public class EventIntake {

    private static final Logger LOG = Logger.getLogger(EventIntake.class);

    /** A record that can never be applied; the message is PHI-free (names fields, never values). */
    public static final class InvalidEvent extends RuntimeException {
        public InvalidEvent(String message) {
            super(message, null, false, false);
        }
    }

    private final ObjectMapper json;
    private final Emitter<String> deadLetters;
    private final AuditTrail audit;
    private final SignoffConfig config;

    public EventIntake(ObjectMapper json, @Channel("dead-letter") Emitter<String> deadLetters, AuditTrail audit,
            SignoffConfig config) {
        this.json = json;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.config = config;
    }

    /**
     * @param check returns null when the event is usable, else a PHI-free reason
     * @param apply applies the event in its own transaction
     */
    public <T> Uni<Void> take(Message<String> message, Class<T> type, Function<T, String> check,
            Function<T, Uni<Void>> apply) {
        T event;
        try {
            event = message.getPayload() == null ? null : json.readValue(message.getPayload(), type);
            String problem = event == null ? "empty record" : check.apply(event);
            if (problem != null) {
                throw new InvalidEvent(problem);
            }
        } catch (InvalidEvent e) {
            return deadLetter(message, type, e.getMessage());
        } catch (Exception e) {
            // Jackson's message may quote the record: keep only the exception type.
            return deadLetter(message, type, "not parseable as " + type.getSimpleName() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        T valid = event;
        return ConsumedRecords.retriedThroughOutages(Uni.createFrom().deferred(() -> apply.apply(valid)))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.errorf("cannot apply %s at %s (%s); stopping the channel for redelivery",
                            type.getSimpleName(), origin(message), failure.getClass().getName());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private Uni<Void> deadLetter(Message<String> incoming, Class<?> type, String reason) {
        var meta = incoming.getMetadata(IncomingKafkaRecordMetadata.class);
        String origin = origin(incoming);
        String key = meta.map(m -> m.getKey() == null ? null : String.valueOf(m.getKey())).orElse(null);
        LOG.errorf("dead-lettering a %s record at %s: %s", type.getSimpleName(), origin, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add("signet-dlq-origin", origin.getBytes(StandardCharsets.UTF_8));
        headers.add("signet-dlq-reason", reason.getBytes(StandardCharsets.UTF_8));
        return KafkaSend.acknowledged(deadLetters, incoming.getPayload() == null ? "" : incoming.getPayload(),
                        OutgoingKafkaRecordMetadata.<String>builder().withTopic(config.messaging().deadLetterTopic())
                                .withKey(key).withHeaders(headers).build())
                .chain(() -> audit.record(audit.serviceActor(), "event.dead-letter", AuditEvent.Outcome.FAILURE,
                        null, null, key == null ? "event" : "draft/" + key, Map.of("origin", origin,
                                "eventType", type.getSimpleName(), "reason", reason)))
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(incoming.ack())
                        : Uni.createFrom().completionStage(incoming.nack(failure)));
    }

    private static String origin(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "/" + m.getPartition() + "@" + m.getOffset())
                .orElse("unknown");
    }
}
