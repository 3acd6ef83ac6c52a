package org.signet.signoff.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where data flows, as live configuration says: for each active purpose, what it reads of the EHR, which
 * pseudonymization profile applies, and which model providers may receive its pseudonymized prompt (local, or remote
 * under which BAA, and whether that provider would be refused today). Configuration only, never patient data.
 */
public record DataFlow(Profile profile, List<PurposeFlow> purposes, List<ProviderNode> providers) {

    public record Profile(String id, int version, Long vaultTtlDays, int rules) {}

    public record Read(String type, List<String> elements, Integer lookbackDays, int maxCount,
            Map<String, String> search) {}

    public record PurposeFlow(String id, int version, String displayName, List<Read> reads, List<String> providers) {}

    /**
     * @param refusal why scribe-service would refuse a prompt to it today (disabled, no BAA, unregistered), or null
     */
    public record ProviderNode(String id, String kind, String model, boolean local, boolean enabled,
            String baaReference, String baaCounterparty, String baaExpires, String refusal) {}

    /** Builds the flow from the owners' own answers (purposes, providers, profile), as the admin may read them. */
    public static DataFlow of(JsonNode purposes, JsonNode providers, JsonNode profile, LocalDate today) {
        Map<String, JsonNode> registered = new LinkedHashMap<>();
        providers.forEach(p -> registered.put(p.path("id").asText(), p));
        List<PurposeFlow> flows = new ArrayList<>();
        Map<String, ProviderNode> used = new TreeMap<>();
        for (JsonNode p : purposes) {
            if (!p.path("active").asBoolean()) {
                continue;
            }
            JsonNode def = p.path("definition");
            List<Read> reads = new ArrayList<>();
            for (JsonNode rule : def.path("resourceRules")) {
                List<String> elements = new ArrayList<>();
                rule.path("elements").forEach(e -> elements.add(e.asText()));
                Map<String, String> search = new TreeMap<>();
                rule.path("search").fields().forEachRemaining(e -> search.put(e.getKey(), e.getValue().asText()));
                reads.add(new Read(rule.path("type").asText(), elements,
                        rule.hasNonNull("lookbackDays") ? rule.get("lookbackDays").asInt() : null,
                        rule.path("maxCount").asInt(), search));
            }
            List<String> allowed = new ArrayList<>();
            def.path("modelProviders").forEach(m -> allowed.add(m.asText()));
            for (String id : allowed) {
                used.computeIfAbsent(id, key -> node(key, registered.get(key), today));
            }
            flows.add(new PurposeFlow(p.path("id").asText(), p.path("version").asInt(), p.path("displayName").asText(),
                    reads, allowed));
        }
        Profile summary = new Profile(profile.path("id").asText("unknown"), profile.path("version").asInt(),
                profile.hasNonNull("vaultDefaultTtlDays") ? profile.get("vaultDefaultTtlDays").asLong() : null,
                profile.path("rules").size());
        return new DataFlow(summary, flows, List.copyOf(used.values()));
    }

    private static ProviderNode node(String id, JsonNode p, LocalDate today) {
        if (p == null) {
            return new ProviderNode(id, null, null, false, false, null, null, null, "not registered");
        }
        boolean local = p.path("local").asBoolean();
        boolean enabled = p.path("enabled").asBoolean();
        String reference = p.path("baaReference").asText(null);
        String effective = p.path("baaEffective").asText(null);
        String expires = p.path("baaExpires").asText(null);
        String refusal = null;
        if (!enabled) {
            refusal = "disabled";
        } else if (!local) {
            if (reference == null || reference.isBlank() || effective == null) {
                refusal = "remote without a BAA";
            } else if (today.isBefore(LocalDate.parse(effective))) {
                refusal = "BAA not yet in force";
            } else if (expires != null && today.isAfter(LocalDate.parse(expires))) {
                refusal = "BAA expired";
            }
        }
        return new ProviderNode(id, p.path("kind").asText(null), p.path("model").asText(null), local, enabled,
                reference, p.path("baaCounterparty").asText(null), expires, refusal);
    }
}
