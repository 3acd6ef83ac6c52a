package org.signet.audit.anomaly;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.signet.audit.alert.AlertPublisher;
import org.signet.audit.alert.StoredAlert;
import org.signet.audit.chain.AuditLedger;
import org.signet.audit.chain.AuditRecord;
import org.signet.audit.chain.CanonicalRecord;
import org.signet.contracts.AuditAlert;

/**
 * Runs the anomaly rules ({@link AnomalyWindows}) on the stream: every batch the store appended is observed after
 * its commit, and each finding is raised as an alert. The windows live in memory, and the store is their durable
 * state: at start the rules are read, stored alerts still quiet keep their subjects quiet, and the events of the
 * longest window are replayed from the chain, so a burst that straddles a restart is still seen. Rules are re-read
 * every minute (an auditor's change through the API takes effect at once).
 */
@ApplicationScoped
public class AnomalyWatch {

    private static final Logger LOG = Logger.getLogger(AnomalyWatch.class);
    private static final int REPLAY_PAGE = 5_000;

    private final Mutiny.SessionFactory sessions;
    private final AlertPublisher alerts;
    private volatile AnomalyWindows windows;
    /** The last link observed: replay and the stream never count an event twice. */
    private volatile long observedUpTo;
    private volatile Uni<Void> ready;

    public AnomalyWatch(Mutiny.SessionFactory sessions, AlertPublisher alerts) {
        this.sessions = sessions;
        this.alerts = alerts;
        this.ready = rebuild();
    }

    /** Forgets every window and rebuilds them from the store, as a restart does. */
    public Uni<Void> restart() {
        ready = rebuild();
        return ready;
    }

    /** Observes what the store just appended; raises what the rules find. */
    public Uni<Void> observe(List<AuditLedger.Appended> appended) {
        return readyHere().chain(() -> raise(evaluate(appended)));
    }

    /**
     * Re-reads the rules; also what rebuilds the windows soon after start when no event arrives (the rebuild runs
     * on first use, on the event loop that Hibernate Reactive needs).
     */
    @Scheduled(identity = "anomaly-rules-reload", every = "${signet.audit.rules.reload-every:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> reloadRules() {
        return readyHere().chain(this::loadRules).invoke(rules -> {
            synchronized (this) {
                windows.setRules(rules);
                windows.prune(Instant.now());
            }
        }).replaceWithVoid();
    }

    /** The rules as stored, ordered by id. */
    public Uni<List<AnomalyRule>> rules() {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                "from AnomalyRule r order by r.id", AnomalyRule.class).getResultList());
    }

    private synchronized List<AnomalyWindows.Finding> evaluate(List<AuditLedger.Appended> appended) {
        List<AnomalyWindows.Finding> findings = new ArrayList<>();
        for (AuditLedger.Appended event : appended) {
            if (event.seq() <= observedUpTo) {
                continue;
            }
            findings.addAll(windows.observe(event.event()));
            observedUpTo = event.seq();
        }
        return findings;
    }

    private Uni<Void> raise(List<AnomalyWindows.Finding> findings) {
        return Multi.createFrom().iterable(findings)
                .onItem().transformToUniAndConcatenate(finding -> alerts.raise(finding.rule(),
                        AuditAlert.Severity.WARNING, finding.subject(), finding.summary(), finding.details(),
                        finding.quietUntil())
                        .invoke(alert -> LOG.warnf("anomaly %s about %s: %s", finding.rule(), finding.subject(),
                                finding.summary())))
                .collect().asList().replaceWithVoid();
    }

    /** The windows, rebuilt once; a rebuild that failed (the database was away) is tried again on next use. */
    private Uni<Void> ready() {
        return ready.onFailure().recoverWithUni(failure -> {
            LOG.errorf("the anomaly windows could not be rebuilt (%s); trying again", failure.toString());
            ready = rebuild();
            return ready;
        });
    }

    /**
     * {@link #ready()}, emitted on the caller's own Vert.x context. The rebuild is memoized: every waiter is told on
     * the context the rebuild ran on, and Hibernate Reactive keeps one session per context, so two waiters that went
     * on to the database from there shared (and closed) one session ("Session/EntityManager is closed" under a
     * request that changed a rule while the scheduled reload ran).
     */
    private Uni<Void> readyHere() {
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        Uni<Void> ready = ready();
        return caller == null ? ready : ready.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private Uni<Void> rebuild() {
        return Uni.createFrom().deferred(this::rebuildFromStore).memoize().indefinitely();
    }

    private Uni<Void> rebuildFromStore() {
        return loadRules().chain(rules -> {
            AnomalyWindows fresh = new AnomalyWindows(rules);
            Duration longest = rules.values().stream().map(RuleSettings::window).max(Duration::compareTo)
                    .orElse(Duration.ZERO);
            Instant now = Instant.now();
            return quietAlerts(now).invoke(stored -> stored.forEach(alert -> fresh.quiet(alert.rule, alert.subject,
                    alert.quietUntil.toInstant())))
                    .chain(() -> {
                        synchronized (this) {
                            windows = fresh;
                            observedUpTo = 0;
                        }
                        return replay(CanonicalRecord.instant(now.minus(longest)), 0);
                    });
        });
    }

    /** Replays the stored events since {@code from} through the rules, a page at a time, raising what they find. */
    private Uni<Void> replay(String from, long after) {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                "from AuditRecord r where r.occurredAt >= :from and r.seq > :after order by r.seq", AuditRecord.class)
                .setParameter("from", from).setParameter("after", after).setMaxResults(REPLAY_PAGE).getResultList())
                .chain(rows -> {
                    List<AuditLedger.Appended> page = rows.stream().map(row -> new AuditLedger.Appended(row.seq,
                            CanonicalRecord.event(row.recordJson))).toList();
                    Uni<Void> raised = raise(evaluate(page));
                    if (rows.size() < REPLAY_PAGE) {
                        return raised;
                    }
                    // only the last link is carried on, not the page: a long replay holds one page at a time
                    long last = rows.get(rows.size() - 1).seq;
                    return raised.chain(() -> replay(from, last));
                });
    }

    private Uni<List<StoredAlert>> quietAlerts(Instant now) {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                "from StoredAlert a where a.quietUntil > :now", StoredAlert.class)
                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).getResultList());
    }

    private Uni<Map<String, RuleSettings>> loadRules() {
        return rules().map(rows -> {
            Map<String, RuleSettings> settings = new TreeMap<>();
            for (AnomalyRule row : rows) {
                try {
                    settings.put(row.id, RuleSettings.of(row));
                } catch (IllegalArgumentException e) {
                    // a row edited by hand into nonsense: the rule stops, the others go on
                    LOG.errorf("anomaly rule %s is not applied: %s", row.id, e.getMessage());
                }
            }
            return settings;
        });
    }

}
