package org.signet.audit.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.contracts.AuditEvent;

/** Each rule with a burst that must fire (once) and a near-burst that must not. */
class AnomalyWindowsTest {

    private static final Instant NOON = Instant.parse("2026-03-04T12:00:00Z"); // a Wednesday
    private static final String USER = UUID.randomUUID().toString();
    private static final String OTHER = UUID.randomUUID().toString();

    private static AnomalyWindows windows(String rule, int threshold, int minutes) {
        return new AnomalyWindows(Map.of(rule, new RuleSettings(rule, threshold, Duration.ofMinutes(minutes), true,
                LocalTime.of(7, 0), LocalTime.of(19, 0), ZoneId.of("UTC"), true)));
    }

    private static AuditEvent event(Instant at, String actor, String action, AuditEvent.Outcome outcome,
            String patient, String resource, Map<String, String> details) {
        return new AuditEvent(1, UUID.randomUUID(), at, "test", actor, action, outcome, patient, "progress-note",
                resource, null, details);
    }

    private static List<AnomalyWindows.Finding> feed(AnomalyWindows windows, List<AuditEvent> events) {
        List<AnomalyWindows.Finding> found = new ArrayList<>();
        events.forEach(e -> found.addAll(windows.observe(e)));
        return found;
    }

    private static List<AuditEvent> reads(String actor, int patients, Instant from, Duration apart) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            events.add(event(from.plus(apart.multipliedBy(i)), actor, "ehr.read", AuditEvent.Outcome.SUCCESS,
                    "Patient/p" + i, "Patient/p" + i, Map.of()));
        }
        return events;
    }

    @Test
    void distinctPatientsFiresOnceWhenOneUserTouchesMoreThanTheThresholdWithinTheWindow() {
        AnomalyWindows burst = windows(RuleSettings.DISTINCT_PATIENTS, 5, 10);
        List<AnomalyWindows.Finding> found = feed(burst, reads(USER, 12, NOON, Duration.ofSeconds(30)));
        assertEquals(1, found.size(), "one alert per burst, not one per event past the threshold");
        assertEquals(USER, found.get(0).subject());
        assertEquals("6", found.get(0).details().get("count"));

        // the same user and the same six patients, spread so that no ten minutes hold more than five
        AnomalyWindows spread = windows(RuleSettings.DISTINCT_PATIENTS, 5, 10);
        assertEquals(List.of(), feed(spread, reads(USER, 12, NOON, Duration.ofMinutes(3))));
        // many reads of the same five patients are five patients
        AnomalyWindows repeated = windows(RuleSettings.DISTINCT_PATIENTS, 5, 10);
        List<AuditEvent> same = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            same.addAll(reads(USER, 5, NOON.plusSeconds(round * 10), Duration.ofSeconds(1)));
        }
        assertEquals(List.of(), feed(repeated, same));
        // a service account reading for many clinicians is not one person browsing
        AnomalyWindows service = windows(RuleSettings.DISTINCT_PATIENTS, 5, 10);
        assertEquals(List.of(), feed(service, reads("scribe-service", 12, NOON, Duration.ofSeconds(30))));
    }

    @Test
    void patientsNamedByTokenCountByTheirVault() {
        AnomalyWindows windows = windows(RuleSettings.DISTINCT_PATIENTS, 3, 10);
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(event(NOON.plusSeconds(i), USER, "draft.read", AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]",
                    "draft/d" + i, Map.of("vault", "v" + i)));
        }
        assertEquals(1, feed(windows, events).size(), "four vaults are four patients, though all share one token");
    }

    @Test
    void afterHoursBulkCountsOnlyWhatHappensOutsideTheWorkingDay() {
        AnomalyWindows night = windows(RuleSettings.AFTER_HOURS_BULK, 3, 60);
        assertEquals(1, feed(night, reads(USER, 5, Instant.parse("2026-03-04T02:00:00Z"),
                Duration.ofMinutes(1))).size());
        AnomalyWindows day = windows(RuleSettings.AFTER_HOURS_BULK, 3, 60);
        assertEquals(List.of(), feed(day, reads(USER, 5, NOON, Duration.ofMinutes(1))));
        AnomalyWindows saturday = windows(RuleSettings.AFTER_HOURS_BULK, 3, 60);
        assertEquals(1, feed(saturday, reads(USER, 5, Instant.parse("2026-03-07T12:00:00Z"),
                Duration.ofMinutes(1))).size());
    }

    @Test
    void reidentifyBurstFiresForOneAccountNotForTwoSharingTheLoad() {
        List<AuditEvent> burst = new ArrayList<>();
        List<AuditEvent> shared = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(event(NOON.plusSeconds(i), "signoff-service", "vault.reidentify", AuditEvent.Outcome.SUCCESS,
                    "Patient/p", "vault/v" + i, Map.of()));
            shared.add(event(NOON.plusSeconds(i), i % 2 == 0 ? "signoff-service" : "scribe-service",
                    "vault.reidentify", AuditEvent.Outcome.SUCCESS, "Patient/p", "vault/v" + i, Map.of()));
        }
        assertEquals(1, feed(windows(RuleSettings.REIDENTIFY_BURST, 5, 5), burst).size());
        assertEquals(List.of(), feed(windows(RuleSettings.REIDENTIFY_BURST, 5, 5), shared));
    }

    @Test
    void refusalBurstSumsAggregatedRefusalsPerAccountClientAndAddress() {
        AnomalyWindows windows = windows(RuleSettings.REFUSAL_BURST, 20, 5);
        List<AnomalyWindows.Finding> found = feed(windows, List.of(
                event(NOON, "anonymous", "access.refused", AuditEvent.Outcome.DENIED, null, "http",
                        Map.of("status", "401", "count", "15", "clientAddress", "10.9.8.7")),
                event(NOON.plusSeconds(10), "anonymous", "access.refused", AuditEvent.Outcome.DENIED, null, "http",
                        Map.of("status", "401", "count", "9", "clientAddress", "10.9.8.7"))));
        assertEquals(1, found.size());
        assertEquals("address:10.9.8.7", found.get(0).subject());
        assertEquals("24", found.get(0).details().get("count"));

        AnomalyWindows forbidden = windows(RuleSettings.REFUSAL_BURST, 3, 5);
        List<AuditEvent> denials = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            denials.add(event(NOON.plusSeconds(i), USER, "access.refused", AuditEvent.Outcome.DENIED, null, "http",
                    Map.of("status", "403", "count", "1", "client", "signoff-web")));
        }
        List<AnomalyWindows.Finding> both = feed(forbidden, denials);
        assertEquals(List.of("account:" + USER, "client:signoff-web"),
                both.stream().map(AnomalyWindows.Finding::subject).sorted().toList());
        // refusals an hour apart are no burst
        AnomalyWindows slow = windows(RuleSettings.REFUSAL_BURST, 3, 5);
        List<AuditEvent> apart = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            apart.add(event(NOON.plus(Duration.ofHours(i)), USER, "consent.check", AuditEvent.Outcome.DENIED,
                    "Patient/p", "Consent", Map.of()));
        }
        assertEquals(List.of(), feed(slow, apart));
    }

    @Test
    void unassignedAccessFiresWhenAUserOpensADraftAnotherUserRequested() {
        AnomalyWindows windows = windows(RuleSettings.UNASSIGNED_ACCESS, 1, 60);
        String draft = UUID.randomUUID().toString();
        List<AnomalyWindows.Finding> found = feed(windows, List.of(
                event(NOON, USER, "model.call", AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]", "draft/" + draft,
                        Map.of("draft", draft, "vault", "v1")),
                event(NOON.plusSeconds(60), USER, "draft.read", AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]",
                        "draft/" + draft, Map.of()),
                event(NOON.plusSeconds(120), USER, "draft.sign", AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]",
                        "draft/" + draft, Map.of())));
        assertEquals(List.of(), found, "the requester reading and signing their own draft is what should happen");
        List<AnomalyWindows.Finding> other = feed(windows, List.of(event(NOON.plusSeconds(180), OTHER, "draft.read",
                AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]", "draft/" + draft, Map.of())));
        assertEquals(1, other.size());
        assertEquals(OTHER, other.get(0).subject());
        assertEquals(USER, other.get(0).details().get("requestedBy"));
    }

    @Test
    void aStoredAlertKeepsItsSubjectQuietAndIdleWindowsAreForgotten() {
        AnomalyWindows windows = windows(RuleSettings.DISTINCT_PATIENTS, 5, 10);
        windows.quiet(RuleSettings.DISTINCT_PATIENTS, USER, NOON.plus(Duration.ofMinutes(30)));
        assertEquals(List.of(), feed(windows, reads(USER, 12, NOON, Duration.ofSeconds(30))));
        assertEquals(1, feed(windows, reads(USER, 12, NOON.plus(Duration.ofHours(1)), Duration.ofSeconds(1)))
                .size(), "after the quiet period the rule speaks again");
        assertTrue(windows.openWindows() > 0);
        windows.prune(NOON.plus(Duration.ofDays(1)));
        assertEquals(0, windows.openWindows());
    }
}
