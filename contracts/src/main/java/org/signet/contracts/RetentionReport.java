package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * One kind of stored data a service purges, as {@code GET /v1/retention} reports it (roles admin and auditor):
 * how long it is kept, how often the purge runs, when it runs next, and what the last purges removed. Counts only.
 *
 * @param data       what is purged, in words ("drafts awaiting review")
 * @param service    the service that holds and purges it
 * @param keptFor    how long it is kept (ISO-8601 duration), or a sentence when each item carries its own expiry
 * @param every      how often the purge runs (ISO-8601 duration or the scheduler's expression)
 * @param nextRun    the purge's next scheduled run, or null if not scheduled
 * @param lastRun    when the purge last ran (in this process), or null
 * @param lastPurges the most recent purges that removed anything, newest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetentionReport(String data, String service, String keptFor, String every, Instant nextRun,
        Instant lastRun, List<Purge> lastPurges) {

    /** One purge that removed {@code removed} items at {@code at}. */
    public record Purge(Instant at, int removed) {}
}
