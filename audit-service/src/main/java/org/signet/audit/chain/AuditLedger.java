package org.signet.audit.chain;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.contracts.AuditEvent;

/**
 * Appends audit events to the chain. One append is one transaction that holds the chain's advisory lock, reads the
 * head, skips every event whose id is already stored (a redelivery after a crash, or a producer's retry) and links
 * the rest after the head: however many instances or threads append, the chain stays one line with no duplicates.
 */
@ApplicationScoped
public class AuditLedger {

    /** pg_advisory_xact_lock key of the chain ("audit" in ASCII). */
    static final long CHAIN_LOCK = 0x6175646974L;

    private final Mutiny.SessionFactory sessions;

    public AuditLedger(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The last link: its sequence number and hash ({@code 0} and the genesis hash for an empty chain). */
    public record Head(long seq, byte[] hash) {}

    /** An event the store had not had before, now link {@code seq}. */
    public record Appended(long seq, AuditEvent event) {}

    /**
     * Appends, in order, the events the store does not have yet; answers those, with their links. The events must
     * each carry an {@code eventId}.
     */
    public Uni<List<Appended>> append(List<AuditEvent> events, Instant recordedAt) {
        Map<UUID, AuditEvent> byId = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            if (event.eventId() == null) {
                throw new IllegalArgumentException("an audit event without an eventId cannot be stored idempotently");
            }
            byId.putIfAbsent(event.eventId(), event);
        }
        if (byId.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sessions.withTransaction(session -> session
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) locked", Integer.class)
                .setParameter(1, CHAIN_LOCK).getSingleResult()
                .chain(() -> session.createSelectionQuery(
                        "select r.eventId from AuditRecord r where r.eventId in :ids", UUID.class)
                        .setParameter("ids", byId.keySet()).getResultList())
                .chain(stored -> head(session).chain(head -> {
                    Set<UUID> known = new HashSet<>(stored);
                    List<Object> links = new ArrayList<>();
                    List<Appended> appended = new ArrayList<>();
                    long seq = head.seq();
                    byte[] previous = head.hash();
                    CanonicalRecord.Linker linker = new CanonicalRecord.Linker();
                    for (AuditEvent event : byId.values()) {
                        if (known.contains(event.eventId())) {
                            continue;
                        }
                        seq++;
                        String canonical = CanonicalRecord.of(event, recordedAt);
                        byte[] hash = linker.link(previous, seq, canonical);
                        links.add(new AuditRecord(seq, canonical, previous, hash));
                        appended.add(new Appended(seq, event));
                        previous = hash;
                    }
                    return links.isEmpty() ? Uni.createFrom().item(List.<Appended>of())
                            : session.persistAll(links.toArray()).replaceWith(appended);
                })));
    }

    /** The chain's head as committed now. */
    public Uni<Head> head() {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                "select r.seq, r.hash from AuditRecord r order by r.seq desc", Object[].class)
                .setMaxResults(1).getResultList())
                .map(AuditLedger::headOf);
    }

    private static Uni<Head> head(Mutiny.Session session) {
        return session.createSelectionQuery("select r.seq, r.hash from AuditRecord r order by r.seq desc",
                Object[].class).setMaxResults(1).getResultList().map(AuditLedger::headOf);
    }

    private static Head headOf(List<Object[]> rows) {
        return rows.isEmpty() ? new Head(0, CanonicalRecord.GENESIS)
                : new Head((Long) rows.get(0)[0], (byte[]) rows.get(0)[1]);
    }
}
