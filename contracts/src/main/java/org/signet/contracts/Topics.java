package org.signet.contracts;

import java.util.List;

/** Kafka topics of docs/architecture.md §8, with the partition counts the local broker creates them with. */
public final class Topics {

    /** scribe-service → signoff-service: a pseudonymized draft is ready for review. */
    public static final String DRAFTS_READY = "drafts.ready";
    /** signoff-service → fhir-adapter: a clinician signed a note; file it. */
    public static final String NOTES_SIGNED = "notes.signed";
    /** fhir-adapter → signoff-service: the note is in the EHR. */
    public static final String NOTES_FILED = "notes.filed";
    /** fhir-adapter → signoff-service: a filing round failed, permanently or for now (retried until it succeeds). */
    public static final String NOTES_FILING_FAILED = "notes.filing-failed";
    /** every service → audit-service, which keeps every event in its hash-chained store. */
    public static final String AUDIT_EVENTS = "audit.events";
    /** audit-service → whoever watches: the trail no longer verifies, or an access pattern broke a rule. */
    public static final String AUDIT_ALERTS = "audit.alerts";

    /** A topic and how many partitions it has; records are keyed by draft id so one draft stays ordered. */
    public record Definition(String name, int partitions) {}

    public static final List<Definition> ALL = List.of(
            new Definition(DRAFTS_READY, 3),
            new Definition(NOTES_SIGNED, 3),
            new Definition(NOTES_FILED, 3),
            new Definition(NOTES_FILING_FAILED, 3),
            new Definition(AUDIT_EVENTS, 3),
            new Definition(AUDIT_ALERTS, 1));

    private Topics() {}
}
