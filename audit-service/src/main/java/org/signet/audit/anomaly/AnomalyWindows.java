package org.signet.audit.anomaly;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.signet.audit.Actors;
import org.signet.contracts.AuditEvent;

/**
 * The anomaly rules over the stream of stored events, in event time: one sliding window per rule and subject. Pure
 * logic (no I/O), so a burst and a non-burst can be replayed exactly; {@link AnomalyWatch} feeds it and raises what
 * it finds. A rule that fired for a subject stays quiet about that subject for one window.
 *
 * <ul>
 *   <li>{@code distinct-patients}: a user touched more than the threshold of distinct patients in the window;
 *   <li>{@code after-hours-bulk}: the same, counting only what happened outside the working day (or at weekends);
 *   <li>{@code reidentify-burst}: an account re-identified more than the threshold of times;
 *   <li>{@code refusal-burst}: an account, a client or (unauthenticated) an address was refused more than the
 *       threshold of times (each {@code access.refused} event counts as many refusals as it sums up);
 *   <li>{@code unassigned-access}: a user opened, edited, signed or rejected a draft that another user requested, at
 *       least the threshold of times.
 * </ul>
 * A patient is its EHR reference where the event names one; where the pseudonymized side names it by its vault's
 * token, the vault (or draft) stands for it, one per patient and draft.
 */
final class AnomalyWindows {

    /** Something a rule found. Details are PHI-free: counts, times, ids. */
    record Finding(String rule, String subject, String summary, Map<String, String> details, Instant quietUntil) {}

    private static final Set<String> DRAFT_ACCESS = Set.of("draft.read", "draft.edit", "draft.sign", "draft.reject");
    /** How long a draft's requester is remembered for unassigned-access. */
    static final Duration OWNERSHIP = Duration.ofDays(30);

    private final Map<String, RuleSettings> rules;
    private final Map<String, Map<String, Window>> windows = new HashMap<>();
    private final Map<String, Instant> quietUntil = new HashMap<>();
    private final LinkedHashMap<String, Owner> requesters = new LinkedHashMap<>();

    private record Owner(String user, Instant at) {}

    AnomalyWindows(Map<String, RuleSettings> rules) {
        this.rules = new HashMap<>(rules);
    }

    /** New settings take effect for what comes next; windows already open keep what they counted. */
    void setRules(Map<String, RuleSettings> rules) {
        this.rules.clear();
        this.rules.putAll(rules);
    }

    /** A rule already alerted about a subject (an alert stored before a restart): stay quiet until then. */
    void quiet(String rule, String subject, Instant until) {
        quietUntil.merge(rule + "|" + subject, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    List<Finding> observe(AuditEvent event) {
        List<Finding> findings = new ArrayList<>();
        Instant at = event.occurredAt();
        Map<String, String> details = event.details();
        String draft = draftOf(event);
        boolean user = Actors.isUser(event.actor());
        boolean success = event.outcome() == AuditEvent.Outcome.SUCCESS;

        if ("model.call".equals(event.action()) && user && draft != null) {
            requesters.put(draft, new Owner(event.actor(), at));
            forgetOwnersBefore(at.minus(OWNERSHIP));
        }
        String patient = patientOf(event, draft);
        if (user && success && patient != null) {
            count(findings, RuleSettings.DISTINCT_PATIENTS, event.actor(), at, patient, 1, true);
            RuleSettings afterHours = rules.get(RuleSettings.AFTER_HOURS_BULK);
            if (afterHours != null && outsideWorkday(afterHours, at)) {
                count(findings, RuleSettings.AFTER_HOURS_BULK, event.actor(), at, patient, 1, true);
            }
        }
        if ("vault.reidentify".equals(event.action()) && success) {
            count(findings, RuleSettings.REIDENTIFY_BURST, event.actor(), at, null, 1, false);
        }
        if (event.outcome() == AuditEvent.Outcome.DENIED) {
            int refusals = "access.refused".equals(event.action()) ? positive(details.get("count")) : 1;
            if (event.actor() != null && !"anonymous".equals(event.actor())) {
                count(findings, RuleSettings.REFUSAL_BURST, "account:" + event.actor(), at, null, refusals, false);
            }
            if (details.get("client") != null) {
                count(findings, RuleSettings.REFUSAL_BURST, "client:" + details.get("client"), at, null, refusals,
                        false);
            } else if ("anonymous".equals(event.actor()) && details.get("clientAddress") != null) {
                count(findings, RuleSettings.REFUSAL_BURST, "address:" + details.get("clientAddress"), at, null,
                        refusals, false);
            }
        }
        if (user && DRAFT_ACCESS.contains(event.action()) && draft != null) {
            Owner owner = requesters.get(draft);
            if (owner != null && !owner.user().equals(event.actor())) {
                RuleSettings rule = rules.get(RuleSettings.UNASSIGNED_ACCESS);
                if (rule != null && rule.enabled()) {
                    Window window = window(rule, event.actor());
                    window.add(at, draft, 1);
                    if (window.total() >= rule.threshold()) {
                        fire(findings, rule, event.actor(), at, "user " + event.actor() + " opened drafts another "
                                + "user requested " + window.total() + " time(s) within " + minutes(rule) + " minutes",
                                Map.of("count", String.valueOf(window.total()), "draft", draft, "requestedBy",
                                        owner.user(), "action", event.action()), window);
                    }
                }
            }
        }
        return findings;
    }

    private void count(List<Finding> findings, String ruleId, String subject, Instant at, String key, int weight,
            boolean distinct) {
        RuleSettings rule = rules.get(ruleId);
        if (rule == null || !rule.enabled()) {
            return;
        }
        Window window = window(rule, subject);
        window.add(at, key, weight);
        long seen = distinct ? window.distinct() : window.total();
        if (seen > rule.threshold()) {
            String what = switch (ruleId) {
                case RuleSettings.DISTINCT_PATIENTS -> "user " + subject + " touched " + seen + " distinct patients";
                case RuleSettings.AFTER_HOURS_BULK -> "user " + subject + " touched " + seen
                        + " distinct patients outside working hours";
                case RuleSettings.REIDENTIFY_BURST -> subject + " re-identified " + seen + " times";
                default -> subject + " was refused " + seen + " times";
            };
            fire(findings, rule, subject, at, what + " within " + minutes(rule) + " minutes (threshold "
                    + rule.threshold() + ")", Map.of("count", String.valueOf(seen)), window);
        }
    }

    private void fire(List<Finding> findings, RuleSettings rule, String subject, Instant at, String summary,
            Map<String, String> extra, Window window) {
        String key = rule.id() + "|" + subject;
        Instant quiet = quietUntil.get(key);
        if (quiet != null && at.isBefore(quiet)) {
            return;
        }
        Instant until = at.plus(rule.window());
        quietUntil.put(key, until);
        Map<String, String> details = new LinkedHashMap<>(extra);
        details.put("threshold", String.valueOf(rule.threshold()));
        details.put("windowMinutes", String.valueOf(minutes(rule)));
        details.put("firstAt", window.first().toString());
        details.put("lastAt", at.toString());
        findings.add(new Finding(rule.id(), subject, summary, details, until));
    }

    /** Forgets windows that hold nothing inside their length any more, and quiet periods that are over. */
    void prune(Instant now) {
        windows.values().forEach(bySubject -> bySubject.values().removeIf(window -> window.idleAt(now)));
        quietUntil.values().removeIf(until -> until.isBefore(now));
        forgetOwnersBefore(now.minus(OWNERSHIP));
    }

    /** How many subjects have an open window (for the tests of pruning, and a gauge). */
    int openWindows() {
        return windows.values().stream().mapToInt(Map::size).sum();
    }

    private Window window(RuleSettings rule, String subject) {
        Window window = windows.computeIfAbsent(rule.id(), id -> new HashMap<>())
                .computeIfAbsent(subject, s -> new Window());
        window.length = rule.window();
        return window;
    }

    private void forgetOwnersBefore(Instant cutoff) {
        Iterator<Map.Entry<String, Owner>> oldest = requesters.entrySet().iterator();
        while (oldest.hasNext() && oldest.next().getValue().at().isBefore(cutoff)) {
            oldest.remove();
        }
    }

    static boolean outsideWorkday(RuleSettings rule, Instant at) {
        ZonedDateTime local = at.atZone(rule.zone());
        if (rule.weekendsOff() && (local.getDayOfWeek() == DayOfWeek.SATURDAY
                || local.getDayOfWeek() == DayOfWeek.SUNDAY)) {
            return true;
        }
        LocalTime time = local.toLocalTime();
        return time.isBefore(rule.workdayStart()) || !time.isBefore(rule.workdayEnd());
    }

    private static String draftOf(AuditEvent event) {
        if (event.details().get("draft") != null) {
            return event.details().get("draft");
        }
        String resource = event.resource();
        return resource != null && resource.startsWith("draft/") ? resource.substring("draft/".length()) : null;
    }

    private static String patientOf(AuditEvent event, String draft) {
        String ref = event.patientRef();
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("Patient/")) {
            return ref;
        }
        String vault = event.details().get("vault");
        if (vault == null && event.resource() != null && event.resource().startsWith("vault/")) {
            vault = event.resource().substring("vault/".length());
        }
        return vault != null ? "vault:" + vault : draft != null ? "draft:" + draft : null;
    }

    private static int positive(String count) {
        try {
            return Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static long minutes(RuleSettings rule) {
        return rule.window().toMinutes();
    }

    /** What one subject did within one rule's window: entries in event time, and how often each key was seen. */
    private static final class Window {
        private record Entry(Instant at, String key, int weight) {}

        private final Deque<Entry> entries = new ArrayDeque<>();
        private final Map<String, Integer> keys = new HashMap<>();
        private long total;
        private Duration length = Duration.ZERO;

        void add(Instant at, String key, int weight) {
            entries.addLast(new Entry(at, key, weight));
            total += weight;
            if (key != null) {
                keys.merge(key, 1, Integer::sum);
            }
            Instant cutoff = at.minus(length);
            while (!entries.isEmpty() && entries.peekFirst().at().isBefore(cutoff)) {
                Entry old = entries.removeFirst();
                total -= old.weight();
                if (old.key() != null) {
                    keys.computeIfPresent(old.key(), (k, n) -> n == 1 ? null : n - 1);
                }
            }
        }

        long total() {
            return total;
        }

        long distinct() {
            return keys.size();
        }

        Instant first() {
            return entries.isEmpty() ? Instant.EPOCH : entries.peekFirst().at();
        }

        boolean idleAt(Instant now) {
            return entries.isEmpty() || entries.peekLast().at().isBefore(now.minus(length));
        }
    }
}
