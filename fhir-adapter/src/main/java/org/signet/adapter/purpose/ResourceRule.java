package org.signet.adapter.purpose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a purpose may read of one resource type.
 *
 * @param type          FHIR resource type
 * @param search        fixed search parameters (e.g. {@code category=vital-signs})
 * @param elements      the only elements delivered ({@code _elements} in the query, filtered again after)
 * @param lookbackDays  how far back by the type's date; null for no date limit
 * @param maxCount      at most this many resources
 * @param encounterOnly read only the encounter named in the request (for {@code Encounter})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceRule(
        String type,
        Map<String, String> search,
        List<String> elements,
        Integer lookbackDays,
        int maxCount,
        Boolean encounterOnly) {}
