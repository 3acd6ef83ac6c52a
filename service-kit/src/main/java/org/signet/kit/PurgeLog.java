package org.signet.kit;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.contracts.RetentionReport;

/**
 * The record of one retention purge of a service, in its own schema's {@code purge_run} table (each service's
 * migration creates it): one row per run that removed anything, counts only; and when it last ran in this process.
 */
public final class PurgeLog {

    private final Mutiny.SessionFactory sessions;
    private final String table;
    private final String kind;
    private volatile Instant lastRun;

    /**
     * @param schema the service's own schema ({@code vault}, {@code scribe}, {@code signoff})
     * @param kind   the purge's name, also its scheduler identity ({@code vault-expiry})
     */
    public PurgeLog(Mutiny.SessionFactory sessions, String schema, String kind) {
        this.sessions = sessions;
        this.table = schema + ".purge_run";
        this.kind = kind;
    }

    /** A run at {@code at}: remembered as the last run, and recorded (in a transaction of its own) if it removed any. */
    public Uni<Void> ran(Instant at, int removed) {
        lastRun = at;
        if (removed == 0) {
            return Uni.createFrom().voidItem();
        }
        return sessions.withTransaction(session -> session.createNativeQuery("insert into " + table
                + " (data_kind, ran_at, removed) values (?1, ?2, ?3)").setParameter(1, kind)
                .setParameter(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).setParameter(3, removed)
                .executeUpdate()).replaceWithVoid();
    }

    /** When the purge last ran in this process, or null. */
    public Instant lastRun() {
        return lastRun;
    }

    /** The {@code limit} most recent runs that removed anything, newest first. */
    public Uni<List<RetentionReport.Purge>> last(int limit) {
        return sessions.withStatelessSession(session -> session.<Object[]>createNativeQuery("select ran_at, removed from "
                + table + " where data_kind = ?1 order by ran_at desc limit " + Math.max(1, limit), Object[].class)
                .setParameter(1, kind).getResultList())
                .map(rows -> rows.stream().map(r -> new RetentionReport.Purge(instant(r[0]),
                        ((Number) r[1]).intValue())).toList());
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
