package org.signet.signoff.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The sign-off queue's depth on {@code /q/metrics}: {@code signet_queue_items} by state, counted in the database
 * every {@code signet.signoff.metrics.queue-depth-every} (every replica reports the shared queue, so a dashboard
 * takes the maximum, not the sum).
 */
@ApplicationScoped
public class QueueDepth {

    private static final Logger LOG = Logger.getLogger(QueueDepth.class);

    private final Map<QueueItem.State, AtomicLong> items = new EnumMap<>(QueueItem.State.class);

    public QueueDepth(MeterRegistry registry) {
        for (QueueItem.State state : QueueItem.State.values()) {
            AtomicLong count = new AtomicLong();
            items.put(state, count);
            Gauge.builder("signet.queue.items", count, AtomicLong::get)
                    .description("Drafts in the sign-off queue by state")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    @Scheduled(every = "${signet.signoff.metrics.queue-depth-every:15s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createSelectionQuery("select q.state, count(q) from QueueItem q group by q.state", Object[].class)
                .getResultList()))
                .invoke(this::update)
                .onFailure().invoke(e -> LOG.warnf("queue depth not counted (%s); next run tries again",
                        e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void update(List<Object[]> rows) {
        Map<QueueItem.State, Long> counted = new EnumMap<>(QueueItem.State.class);
        for (Object[] row : rows) {
            counted.put((QueueItem.State) row[0], ((Number) row[1]).longValue());
        }
        items.forEach((state, count) -> count.set(counted.getOrDefault(state, 0L)));
    }
}
