package org.signet.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signet.audit.anomaly.AnomalyWatch;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.ProblemTypes;
import org.signet.contracts.Topics;
import org.signet.kit.AccessRefusals;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.TopicReader;

/**
 * The rules on the real stream: thresholds set through the API, bursts and near-bursts sent on audit.events, alerts
 * read back from audit.alerts and the API; a burst that straddles a restart; refused calls that reach the trail.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "audit-service"))
@WithTestResource(AuditWitnessResource.class)
class AnomalyRulesTest {

    @Inject
    AnomalyWatch watch;

    @Inject
    AccessRefusals refusals;

    @Test
    void aBurstOfDistinctPatientsRaisesOneAlertAndANearBurstNone() throws Exception {
        setRule("distinct-patients", 4, 10, true, "{}");
        String bursting = UUID.randomUUID().toString();
        String steady = UUID.randomUUID().toString();
        List<AuditEvent> events = new ArrayList<>();
        events.addAll(reads(bursting, 7));
        events.addAll(reads(steady, 4));
        AuditEvents.send(events);
        AuditEvents.awaitStored(events.stream().map(AuditEvent::eventId).toList());

        awaitAlert("distinct-patients", bursting);
        Thread.sleep(500);
        assertEquals(1, alertsOnTopic("distinct-patients", bursting), "one alert per burst");
        assertEquals(0, alertsOnTopic("distinct-patients", steady), "four patients is the threshold, not over it");
    }

    @Test
    void aBurstThatStraddlesARestartIsStillSeen() throws Throwable {
        setRule("reidentify-burst", 5, 10, true, "{}");
        String account = "client-" + UUID.randomUUID().toString().substring(0, 8);
        List<AuditEvent> first = reidentifications(account, 4);
        AuditEvents.send(first);
        AuditEvents.awaitStored(first.stream().map(AuditEvent::eventId).toList());
        // a restart forgets every window; the store is where they come back from
        VertxContextSupport.subscribeAndAwait(() -> watch.restart());
        List<AuditEvent> second = reidentifications(account, 3);
        AuditEvents.send(second);
        AuditEvents.awaitStored(second.stream().map(AuditEvent::eventId).toList());
        awaitAlert("reidentify-burst", account);
        // a second restart replays the same events: the stored alert keeps the rule quiet about them
        VertxContextSupport.subscribeAndAwait(() -> watch.restart());
        Thread.sleep(500);
        assertEquals(1, alertsOnTopic("reidentify-burst", account));
    }

    /**
     * Rule reloads from several requests while the windows are being rebuilt: each goes on to the database on its
     * own context, never on the one the rebuild ran on (where they shared one session and closed it under each other).
     */
    @Test
    void reloadsWaitingOnARebuildDoNotShareADatabaseSession() throws Exception {
        for (int round = 0; round < 5; round++) {
            watch.restart();
            List<java.util.concurrent.CompletableFuture<Void>> reloads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reloads.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        VertxContextSupport.subscribeAndAwait(() -> watch.reloadRules());
                    } catch (Throwable e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }));
            }
            java.util.concurrent.CompletableFuture.allOf(reloads.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aUserOpeningAnotherUsersDraftIsReported() throws Exception {
        setRule("unassigned-access", 1, 60, true, "{}");
        String requester = UUID.randomUUID().toString();
        String colleague = UUID.randomUUID().toString();
        String draft = UUID.randomUUID().toString();
        List<AuditEvent> events = List.of(
                event(requester, "model.call", AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]", "draft/" + draft,
                        Map.of("draft", draft, "vault", UUID.randomUUID().toString(), "provider", "local")),
                event(requester, "draft.read", AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]", "draft/" + draft,
                        Map.of()),
                event(colleague, "draft.read", AuditEvent.Outcome.SUCCESS, "[[PATIENT_REF_1]]", "draft/" + draft,
                        Map.of()));
        AuditEvents.send(events);
        awaitAlert("unassigned-access", colleague);
        assertEquals(0, alertsOnTopic("unassigned-access", requester));
    }

    @Test
    void refusedCallsReachTheTrailAndABurstOfThemIsReported() throws Exception {
        setRule("refusal-burst", 3, 5, true, "{}");
        Instant start = Instant.now().minusSeconds(1);
        // a client without a token, four times; and a clinician's token where only auditors may go
        for (int i = 0; i < 4; i++) {
            given().get("/v1/audit/events").then().statusCode(401);
            given().auth().oauth2(KeycloakTokens.user("dr.ben")).get("/v1/audit/events").then().statusCode(403);
        }
        refusals.flush();
        String drBen = KeycloakTokens.subject("dr.ben");
        awaitAlert("refusal-burst", "account:" + drBen);
        // the scheduled flush (every 10 s) may cut the four refusals into two records: their counts add up to four
        int counted = 0;
        for (long until = System.currentTimeMillis() + 20_000; counted < 4 && System.currentTimeMillis() < until; ) {
            List<String> counts = given().auth().oauth2(KeycloakTokens.user("aud.itor"))
                    .queryParam("action", "access.refused").queryParam("user", drBen)
                    .queryParam("from", start.toString()).get("/v1/audit/events").then().statusCode(200)
                    .body("events.event.details.status", everyItem(equalTo("403")))
                    .body("events.event.outcome", everyItem(equalTo("DENIED")))
                    .extract().path("events.event.details.count");
            counted = counts.stream().mapToInt(Integer::parseInt).sum();
            if (counted < 4) {
                Thread.sleep(250);
            }
        }
        assertEquals(4, counted, "dr.ben's four refusals, counted once each");
        given().auth().oauth2(KeycloakTokens.user("aud.itor")).queryParam("action", "access.refused")
                .queryParam("user", "anonymous").get("/v1/audit/events").then().statusCode(200)
                .body("events.event.details.status", hasItems("401"));
    }

    @Test
    void rulesAreDataAnAuditorChangesAndOthersCannot() {
        String auditor = KeycloakTokens.user("aud.itor");
        given().auth().oauth2(auditor).get("/v1/audit/rules").then().statusCode(200)
                .body("id", hasItems("distinct-patients", "reidentify-burst", "unassigned-access", "refusal-burst",
                        "after-hours-bulk"));
        given().auth().oauth2(auditor).contentType("application/json")
                .body(Map.of("threshold", 12, "windowMinutes", 90, "enabled", true, "settings",
                        Map.of("workdayStart", "06:30", "workdayEnd", "20:00", "zone", "America/Chicago")))
                .put("/v1/audit/rules/after-hours-bulk").then().statusCode(200)
                .body("threshold", equalTo(12)).body("settings.zone", equalTo("America/Chicago"))
                .body("updatedBy", equalTo(KeycloakTokens.subject("aud.itor")));
        given().auth().oauth2(auditor).contentType("application/json")
                .body(Map.of("threshold", 0, "windowMinutes", 90, "enabled", true, "settings",
                        Map.of("zone", "Mars/Olympus")))
                .put("/v1/audit/rules/after-hours-bulk").then().statusCode(422)
                .contentType(ProblemTypes.MEDIA_TYPE)
                .body("errors.field", hasItems("threshold", "settings.zone"));
        given().auth().oauth2(auditor).contentType("application/json")
                .body(Map.of("threshold", 3, "windowMinutes", 5, "enabled", true))
                .put("/v1/audit/rules/no-such-rule").then().statusCode(404);
        given().auth().oauth2(KeycloakTokens.user("ann.admin")).contentType("application/json")
                .body(Map.of("threshold", 1000, "windowMinutes", 5, "enabled", false))
                .put("/v1/audit/rules/distinct-patients").then().statusCode(403);
        // the change is on the trail, with what it was before and after
        long deadline = System.currentTimeMillis() + 30_000;
        List<String> changes;
        do {
            changes = given().auth().oauth2(auditor).queryParam("action", "audit.rule-update")
                    .queryParam("limit", 1000).get("/v1/audit/events").then().statusCode(200).extract().jsonPath()
                    .getList("events.event.details.after");
        } while (changes.stream().noneMatch(after -> after.startsWith("12 in 90 min"))
                && System.currentTimeMillis() < deadline);
        assertTrue(changes.stream().anyMatch(after -> after.startsWith("12 in 90 min")), changes.toString());
    }

    private static void setRule(String id, int threshold, int minutes, boolean enabled, String settings) {
        given().auth().oauth2(KeycloakTokens.user("aud.itor")).contentType("application/json")
                .body("{\"threshold\":" + threshold + ",\"windowMinutes\":" + minutes + ",\"enabled\":" + enabled
                        + ",\"settings\":" + settings + "}")
                .put("/v1/audit/rules/" + id).then().statusCode(200);
    }

    private static void awaitAlert(String rule, String subject) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> subjects = given().auth().oauth2(KeycloakTokens.user("aud.itor")).queryParam("rule", rule)
                    .get("/v1/audit/alerts").then().statusCode(200).extract().jsonPath().getList("subject");
            if (subjects.contains(subject)) {
                assertTrue(alertsOnTopic(rule, subject) >= 1, "stored alerts are published on audit.alerts too");
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + rule + " alert about " + subject + " within 30 s");
    }

    private static long alertsOnTopic(String rule, String subject) {
        return TopicReader.readAll(BackingServices.kafka().bootstrapServers(), Topics.AUDIT_ALERTS).stream()
                .filter(a -> a.contains("\"rule\":\"" + rule + "\"") && a.contains("\"subject\":\"" + subject + "\""))
                .count();
    }

    private static List<AuditEvent> reads(String user, int patients) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            events.add(event(user, "draft.read", AuditEvent.Outcome.SUCCESS, "Patient/" + UUID.randomUUID(),
                    "draft/" + UUID.randomUUID(), Map.of()));
        }
        return events;
    }

    private static List<AuditEvent> reidentifications(String account, int count) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event(account, "vault.reidentify", AuditEvent.Outcome.SUCCESS, "Patient/p",
                    "vault/" + UUID.randomUUID(), Map.of()));
        }
        return events;
    }

    private static AuditEvent event(String actor, String action, AuditEvent.Outcome outcome, String patient,
            String resource, Map<String, String> details) {
        return new AuditEvent(1, UUID.randomUUID(), Instant.now(), "test-service", actor, action, outcome, patient,
                "progress-note", resource, null, details);
    }
}
