package org.signet.adapter.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps only the allowed top-level elements of a resource (JSON form), plus {@code resourceType}, {@code id} and
 * {@code meta}. Servers may ignore {@code _elements}; this is the second gate. An allowed element name matches its
 * JSON key exactly, the key of its primitive extension ({@code _birthDate}), and, for a choice element
 * ({@code value}), every typed key ({@code valueQuantity}) — only for real choice elements, so {@code status}
 * never lets {@code statusReason} through.
 */
public final class ElementFilter {

    private static final Set<String> ALWAYS = Set.of("resourceType", "id", "meta");

    private ElementFilter() {}

    /** Removes disallowed keys in place; returns the allowed element names that remained. */
    public static List<String> retain(ObjectNode resource, Collection<String> allowed, Set<String> choices) {
        List<String> delivered = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (ALWAYS.contains(key)) {
                continue;
            }
            String element = allowedElement(key, allowed, choices);
            if (element == null) {
                fields.remove();
            } else if (!delivered.contains(element)) {
                delivered.add(element);
            }
        }
        return delivered;
    }

    /** The allowed element a JSON key belongs to, or null. */
    static String allowedElement(String key, Collection<String> allowed, Set<String> choices) {
        String name = key.startsWith("_") ? key.substring(1) : key;
        for (String element : allowed) {
            if (name.equals(element)) {
                return element;
            }
            // choice element: "value" covers "valueQuantity", "valueCodeableConcept", …
            if (choices.contains(element) && name.length() > element.length() && name.startsWith(element)
                    && Character.isUpperCase(name.charAt(element.length()))) {
                return element;
            }
        }
        return null;
    }
}
