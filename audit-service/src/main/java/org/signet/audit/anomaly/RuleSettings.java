package org.signet.audit.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/** One rule as the detector applies it, parsed and checked from its {@link AnomalyRule} row. */
record RuleSettings(String id, int threshold, Duration window, boolean enabled, LocalTime workdayStart,
        LocalTime workdayEnd, ZoneId zone, boolean weekendsOff) {

    static final String DISTINCT_PATIENTS = "distinct-patients";
    static final String REIDENTIFY_BURST = "reidentify-burst";
    static final String UNASSIGNED_ACCESS = "unassigned-access";
    static final String REFUSAL_BURST = "refusal-burst";
    static final String AFTER_HOURS_BULK = "after-hours-bulk";

    private static final ObjectMapper JSON = new ObjectMapper();

    static RuleSettings of(AnomalyRule rule) {
        List<RuleChecks.Problem> problems = RuleChecks.problems(rule.threshold, rule.windowMinutes, rule.settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("rule " + rule.id + ": " + String.join("; ", problems.stream()
                    .map(p -> p.field() + " " + p.message()).toList()));
        }
        JsonNode settings = read(rule.settings);
        return new RuleSettings(rule.id, rule.threshold, Duration.ofMinutes(rule.windowMinutes), rule.enabled,
                LocalTime.parse(settings.path("workdayStart").asText("07:00")),
                LocalTime.parse(settings.path("workdayEnd").asText("19:00")),
                ZoneId.of(settings.path("zone").asText("UTC")), settings.path("weekendsOff").asBoolean(true));
    }

    static JsonNode read(String settings) {
        try {
            JsonNode node = JSON.readTree(settings == null || settings.isBlank() ? "{}" : settings);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not an object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
