package org.signet.tokenization.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * tokenization-service's figures on {@code /q/metrics}: free-text detection ({@code signet_detection_chars_total}
 * over {@code signet_detection_seconds} is its throughput) and the vaults not yet shredded
 * ({@code signet_vaults_open}, counted in the database every {@code signet.tokenization.metrics.vault-count-every};
 * every replica reports the shared count). No label carries a value from a text.
 */
@ApplicationScoped
public class TokenizationMetrics {

    private static final Logger LOG = Logger.getLogger(TokenizationMetrics.class);

    private final Counter detectedChars;
    private final Timer detection;
    private final AtomicLong openVaults = new AtomicLong();
    private final Mutiny.SessionFactory sessions;

    public TokenizationMetrics(MeterRegistry registry, Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
        this.detectedChars = Counter.builder("signet.detection.chars")
                .description("Characters of free text scanned for identifiers")
                .register(registry);
        this.detection = Timer.builder("signet.detection")
                .description("Time to find and replace the identifiers of one free text")
                .publishPercentiles(0.5, 0.95)
                .register(registry);
        Gauge.builder("signet.vaults.open", openVaults, AtomicLong::get)
                .description("Vaults not yet shredded")
                .register(registry);
    }

    /** Runs one free text's pseudonymization, counted and timed. */
    public <T> T detecting(String text, Supplier<T> pseudonymization) {
        long started = System.nanoTime();
        try {
            return pseudonymization.get();
        } finally {
            detection.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            detectedChars.increment(text == null ? 0 : text.length());
        }
    }

    @Scheduled(every = "${signet.tokenization.metrics.vault-count-every:30s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> countVaults() {
        return sessions.withStatelessSession(session -> session
                .createSelectionQuery("select count(v) from Vault v where v.shreddedAt is null", Long.class)
                .getSingleResult())
                .invoke(openVaults::set)
                .onFailure().invoke(e -> LOG.warnf("open vaults not counted (%s); next run tries again",
                        e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
