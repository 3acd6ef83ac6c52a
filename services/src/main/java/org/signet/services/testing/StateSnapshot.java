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
        List<String> differences = new ArrayList<>();
        if (lost > 0) {
            differences.add(lost + " " + what + "(s) lost or changed");
        }
        if (added > 0) {
            differences.add(added + " " + what + "(s) added or changed");
        }
        return differences;
    }
}
