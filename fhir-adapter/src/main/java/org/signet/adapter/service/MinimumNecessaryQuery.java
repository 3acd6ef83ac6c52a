package org.signet.adapter.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.signet.adapter.mapping.ReadableTypes;
import org.signet.adapter.purpose.ResourceRule;

/** The search URL one resource rule makes: asks for less (patient, fixed filters, look-back, _elements, _count). */
public final class MinimumNecessaryQuery {

    private MinimumNecessaryQuery() {}

    /** e.g. {@code Observation?patient=123&category=vital-signs&date=ge2025-01-01&_elements=code,value&_count=50}. */
    public static String of(ResourceRule rule, String patientId, String encounterId, LocalDate today) {
        Map<String, String> params = params(rule, patientId, encounterId, today);
        return rule.type() + "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                        .replace("%2C", ","))
                .collect(Collectors.joining("&"));
    }

    /** The search parameter names the rule's search uses (its filters, the patient, the date), for the EHR to know. */
    public static Set<String> searchParameters(ResourceRule rule) {
        return params(rule, "x", "x", LocalDate.EPOCH).keySet();
    }

    private static Map<String, String> params(ResourceRule rule, String patientId, String encounterId,
            LocalDate today) {
        Map<String, String> params = new TreeMap<>();
        if (rule.search() != null) {
            params.putAll(rule.search());
        }
        if ("Encounter".equals(rule.type())) {
            params.put("patient", patientId);
            if (Boolean.TRUE.equals(rule.encounterOnly())) {
                params.put("_id", encounterId);
            }
        } else {
            params.put(ReadableTypes.patientParam(rule.type()), patientId);
        }
        var dateParam = ReadableTypes.dateParam(rule.type());
        if (rule.lookbackDays() != null && dateParam.isPresent()) {
            params.put(dateParam.get(), "ge" + today.minusDays(rule.lookbackDays()));
        }
        dateParam.ifPresent(p -> params.put("_sort", "-" + p)); // newest first, so _count keeps the latest
        params.put("_elements", String.join(",", rule.elements()));
        params.put("_count", String.valueOf(rule.maxCount()));
        return params;
    }
}
