package org.signet.signoff.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "signet.signoff")
public interface SignoffConfig {

    Retention retention();

    Outbox outbox();

    Messaging messaging();

    Ui ui();

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

    interface Ui {
        /**
         * The realm URL the browser signs in at. It must be the very URL the tokens' issuer names, so by default the
         * one this service validates tokens against; set it where browsers reach Keycloak by another name.
         */
        @WithDefault("${quarkus.oidc.auth-server-url}")
        String oidcUrl();

        /** The public client the web UI signs in as (authorization code + PKCE). */
        @WithDefault("signoff-web")
        String clientId();
    }
}
