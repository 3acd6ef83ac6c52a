package org.signet.audit.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The checks a rule's values must pass, whether they come through the API or are read from the table. */
public final class RuleChecks {

    /** The longest window a rule may have: 30 days. */
    public static final int MAX_WINDOW_MINUTES = 30 * 24 * 60;

    /** One field's problem. */
    public record Problem(String field, String message) {}

    private RuleChecks() {}

    /** What is wrong with a rule's values, by field; empty when they are fine. */
    public static List<Problem> problems(int threshold, int windowMinutes, String settings) {
        List<Problem> problems = new ArrayList<>();
        if (threshold < 1) {
            problems.add(new Problem("threshold", "must be at least 1"));
        }
        if (windowMinutes < 1 || windowMinutes > MAX_WINDOW_MINUTES) {
            problems.add(new Problem("windowMinutes", "must be between 1 and " + MAX_WINDOW_MINUTES));
        }
        JsonNode node;
        try {
            node = RuleSettings.read(settings);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("settings", "must be a JSON object"));
            return problems;
        }
        for (String field : List.of("workdayStart", "workdayEnd")) {
            if (node.has(field)) {
                try {
                    LocalTime.parse(node.get(field).asText());
                } catch (DateTimeParseException e) {
                    problems.add(new Problem("settings." + field, "must be a time like 07:00"));
                }
            }
        }
        if (node.has("zone")) {
            try {
                ZoneId.of(node.get("zone").asText());
            } catch (DateTimeException e) {
                problems.add(new Problem("settings.zone", "must be a time zone like America/Chicago"));
            }
        }
        if (node.has("weekendsOff") && !node.get("weekendsOff").isBoolean()) {
            problems.add(new Problem("settings.weekendsOff", "must be true or false"));
        }
        return problems;
    }
}
