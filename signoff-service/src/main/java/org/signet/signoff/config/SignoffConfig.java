package org.signet.signoff.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "signet.signoff")
public interface SignoffConfig {

    Retention retention();

    Outbox outbox();

    Messaging messaging();

    interface Retention {
        /** A draft still waiting for review this long after it arrived becomes EXPIRED. */
        @WithDefault("P14D")
        Duration pendingMaxAge();

        /** How often the expiry job runs (a Quarkus scheduler interval; read by {@code @Scheduled}). */
        @WithDefault("1h")
        String checkEvery();

        /** Items expired per run, so one run never holds a long transaction. */
        @WithDefault("200")
        int batchSize();
    }

    interface Outbox {
        /** How often pending outbox records are relayed to Kafka (read by {@code @Scheduled}). */
        @WithDefault("1s")
        String relayEvery();

        @WithDefault("50")
        int batchSize();
    }

    interface Messaging {
        /** Where records that cannot be parsed as their event go, for a human to inspect and replay. */
        @WithDefault("signoff.dead-letter")
        String deadLetterTopic();
    }
}
