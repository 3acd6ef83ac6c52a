package org.signet.adapter.purpose;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a new purpose version lets flow that the previous one did not: a new resource type or element, a longer (or
 * no) look-back, more resources, a search filter dropped or changed, an encounter-only read opened up, a provider
 * added, or a deactivated purpose made active again. Such changes need a fresh sign-in; narrowing ones do not.
 */
public final class PurposeWidening {

    private PurposeWidening() {}

    /**
     * @param before the current version, or null when the purpose is new (everything it reads is new)
     * @return what widens, in fixed words naming types, elements and providers (never patient data); empty if nothing
     */
    public static List<String> of(Purpose before, boolean afterActive, PurposeDefinition after) {
        List<String> widened = new ArrayList<>();
        if (before == null) {
            widened.add("a new purpose");
            return widened;
        }
        if (!before.active && afterActive) {
            widened.add("reactivated");
        }
        PurposeDefinition was = before.definition;
        Set<String> providers = new HashSet<>(after.modelProviders());
        providers.removeAll(was.modelProviders());
        providers.stream().sorted().forEach(p -> widened.add("provider " + p + " added"));
        Map<String, ResourceRule> old = byType(was.resourceRules());
        for (ResourceRule rule : after.resourceRules()) {
            ResourceRule prior = old.get(rule.type());
            if (prior == null) {
                widened.add(rule.type() + " added");
                continue;
            }
            Set<String> elements = new HashSet<>(rule.elements());
            elements.removeAll(prior.elements());
            elements.stream().sorted().forEach(e -> widened.add(rule.type() + "." + e + " added"));
            if (prior.lookbackDays() != null
                    && (rule.lookbackDays() == null || rule.lookbackDays() > prior.lookbackDays())) {
                widened.add(rule.type() + " look-back lengthened");
            }
            if (rule.maxCount() > prior.maxCount()) {
                widened.add(rule.type() + " maxCount raised");
            }
            Map<String, String> filters = prior.search() == null ? Map.of() : prior.search();
            Map<String, String> now = rule.search() == null ? Map.of() : rule.search();
            filters.forEach((param, value) -> {
                if (!Objects.equals(now.get(param), value)) {
                    widened.add(rule.type() + " filter " + param + " dropped or changed");
                }
            });
            if (Boolean.TRUE.equals(prior.encounterOnly()) && !Boolean.TRUE.equals(rule.encounterOnly())) {
                widened.add(rule.type() + " no longer limited to the encounter");
            }
        }
        return widened;
    }

    private static Map<String, ResourceRule> byType(List<ResourceRule> rules) {
        // a type may appear twice (two Observation categories): widening is judged against the union of its rules
        return rules.stream().collect(Collectors.toMap(ResourceRule::type, Function.identity(),
                PurposeWidening::union));
    }

    private static ResourceRule union(ResourceRule a, ResourceRule b) {
        Set<String> elements = new java.util.LinkedHashSet<>(a.elements());
        elements.addAll(b.elements());
        Integer lookback = a.lookbackDays() == null || b.lookbackDays() == null ? null
                : Math.max(a.lookbackDays(), b.lookbackDays());
        Map<String, String> common = a.search() == null || b.search() == null ? Map.of()
                : a.search().entrySet().stream().filter(e -> e.getValue().equals(b.search().get(e.getKey())))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new ResourceRule(a.type(), common, List.copyOf(elements), lookback, Math.max(a.maxCount(), b.maxCount()),
                Boolean.TRUE.equals(a.encounterOnly()) && Boolean.TRUE.equals(b.encounterOnly()));
    }
}
