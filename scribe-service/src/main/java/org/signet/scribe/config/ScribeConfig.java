package org.signet.scribe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "signet.scribe")
public interface ScribeConfig {

    /** Provider used when a draft request names none; {@code extractive} needs no model. */
    @WithDefault("extractive")
    String defaultProvider();

    /** A directory of prompt templates (YAML) that replaces the shipped ones, e.g. a hospital's own. */
    Optional<String> templatesDir();

    /** Days a draft's vault lives before the retention job shreds it. */
    @WithDefault("30")
    int vaultTtlDays();

    /**
     * Networks (CIDR blocks, IPv4 or IPv6) inside the hospital's trust boundary. An {@code openai-compatible}
     * provider is local only when every address its endpoint's host resolves to lies in one of them, at registration
     * and again at every call; anything else needs a BAA. Operator configuration only: never settable through the
     * API. Do not list an egress gateway or proxy that forwards to a remote model API.
     */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> onPremisesNetworks();

    /**
     * Progress streams one account may hold open at once. Each holds a worker until its job ends (or 15 minutes),
     * so a client that opens many and never reads them could otherwise starve the drafts themselves.
     */
    @WithDefault("4")
    int maxStreamsPerAccount();

    Model model();

    Jobs jobs();

    /** How a job outlives the instance running it: leases, and the relay of ready drafts to {@code drafts.ready}. */
    interface Jobs {
        /**
         * How long a running job's instance vouches for it. Renewed every {@code lease-renew-every} while the job
         * runs; a job past it was interrupted and is ended FAILED by any instance.
         */
        @WithDefault("PT60S")
        Duration lease();

        /** A Quarkus scheduler interval, read by {@code @Scheduled}. */
        @WithDefault("10s")
        String leaseRenewEvery();

        /** How often an instance looks for interrupted jobs (read by {@code @Scheduled}). */
        @WithDefault("15s")
        String sweepEvery();

        /** How often ready drafts Kafka never acknowledged are sent again (read by {@code @Scheduled}). */
        @WithDefault("5s")
        String relayEvery();
    }

    Retention retention();

    /** How long scribe-service keeps a finished draft job (its pseudonymized draft text and steps). */
    interface Retention {
        /** A job that ended (ready, refused or failed) this long ago is deleted, steps included. */
        @WithDefault("P90D")
        Duration jobMaxAge();

        @WithDefault("1h")
        String checkEvery();
    }

    /** API keys of remote providers by provider id, from a secret (never in the database). */
    Map<String, String> providerKeys();

    interface Model {
        @WithDefault("512")
        int maxTokens();

        @WithDefault("0.2")
        double temperature();

        @WithDefault("PT120S")
        Duration timeout();

        @WithDefault("1")
        int maxRetries();

        /** Inference threads for in-process GGUF models; 1 is fastest on 2 cores. */
        @WithDefault("1")
        int threads();

        @WithDefault("2048")
        int contextSize();
    }
}
