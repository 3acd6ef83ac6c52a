package org.signet.services.testing;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of a service's schema and every record of its topics at one moment, to show that refused requests
 * changed nothing: no row lost, changed or half-written, no event sent.
 */
public final class StateSnapshot {

    private final Map<String, Integer> rows;
    private final Map<String, Integer> records;

    private StateSnapshot(Map<String, Integer> rows, Map<String, Integer> records) {
        this.rows = rows;
        this.records = records;
    }

    /**
     * The rows of {@code schema} and the records of {@code topics} (leave out {@code audit.events}, which grows).
     *
     * @param jobTables tables a scheduled job writes by itself (its run log), left out
     */
    public static StateSnapshot take(String schema, List<String> jobTables, List<String> topics) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        SchemaRows.of(schema, jobTables).forEach(row -> rows.merge(row, 1, Integer::sum));
        Map<String, Integer> records = new HashMap<>();
        for (String topic : topics) {
            TopicReader.readAll(BackingServices.kafka().bootstrapServers(), topic)
                    .forEach(record -> records.merge(topic + " " + record, 1, Integer::sum));
        }
        return new StateSnapshot(rows, records);
    }

    /**
     * A snapshot once two taken a second apart agree (at most 20 s): what earlier tests left in flight (an outbox row
     * the relay is about to mark sent, a record a consumer is applying) has landed, so it is not taken for a change
     * the refused requests made. Take the state before the requests so.
     */
    public static StateSnapshot settled(String schema, List<String> jobTables, List<String> topics)
            throws SQLException, InterruptedException {
        StateSnapshot last = take(schema, jobTables, topics);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1_000);
            StateSnapshot next = take(schema, jobTables, topics);
            if (next.rows.equals(last.rows) && next.records.equals(last.records)) {
                return next;
            }
            last = next;
        }
        return last;
    }

    /** Fails naming what differs (by count only: rows may hold PHI, so none is printed). */
    public void assertSameAs(StateSnapshot before) {
        List<String> differences = new ArrayList<>();
        differences.addAll(differences("row", before.rows, rows));
        differences.addAll(differences("topic record", before.records, records));
        if (!differences.isEmpty()) {
            throw new AssertionError("the refused requests changed stored state: " + String.join("; ", differences));
        }
    }

    private static List<String> differences(String what, Map<String, Integer> before, Map<String, Integer> after) {
        long lost = before.entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - after.getOrDefault(e.getKey(), 0))).sum();
        long added = after.entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0))).sum();
        // where: the table or topic (each row and record starts with its name), never the content
        java.util.Set<String> where = new java.util.TreeSet<>();
        before.forEach((key, count) -> {
            if (!count.equals(after.get(key))) {
                where.add(key.substring(0, Math.max(0, key.indexOf(' '))));
            }
        });
        after.forEach((key, count) -> {
            if (!count.equals(before.get(key))) {
                where.add(key.substring(0, Math.max(0, key.indexOf(' '))));
            }
        });
        List<String> differences = new ArrayList<>();
        if (lost > 0) {
            differences.add(lost + " " + what + "(s) lost or changed");
        }
        if (added > 0) {
            differences.add(added + " " + what + "(s) added or changed");
        }
        if (!differences.isEmpty()) {
            differences.add("in " + where);
        }
        return differences;
    }
}
