package org.signet.scribe.draft;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The draft pipeline's figures on {@code /q/metrics}: drafts by end state and provider, the model's latency, and
 * the PHI guard's blocks. Labels are enum names and the ids of configured providers only, never a caller's text: a
 * provider a request named but that was never resolved is counted as {@value #UNRESOLVED}.
 */
@ApplicationScoped
public class DraftMetrics {

    /** The provider label of a job that ended before its provider was resolved and allowed. */
    public static final String UNRESOLVED = "unresolved";

    private final MeterRegistry registry;

    public DraftMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A job ended in {@code state} ({@code signet_drafts_total}). */
    void ended(DraftState state, String provider) {
        Counter.builder("signet.drafts")
                .description("Draft jobs by the state they ended in and the model provider they used")
                .tag("state", state.name())
                .tag("provider", provider)
                .register(registry)
                .increment();
    }

    /** The provider answered after {@code latency} ({@code signet_model_latency_seconds}). */
    void modelAnswered(String provider, Duration latency) {
        Timer.builder("signet.model.latency")
                .description("Time for a model provider to answer a draft prompt")
                .tag("provider", provider)
                .publishPercentiles(0.5, 0.95)
                .register(registry)
                .record(latency);
    }

    /**
     * The PHI guard refused a text ({@code signet_guard_blocks_total}): {@code text} is "prompt" or "draft",
     * {@code reason} "identifier" (it found one) or "unavailable" (it could not check: fail closed).
     */
    void guardBlocked(String text, String reason) {
        Counter.builder("signet.guard.blocks")
                .description("Texts the PHI guard kept from a model or from the queue")
                .tag("text", text)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
