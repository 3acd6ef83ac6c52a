package org.signet.adapter.mapping;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The R4 top-level elements of a resource type, from HAPI's model: what a purpose's {@code elements} may name. */
public final class ElementCatalog {

    private final FhirContext fhir;

    public ElementCatalog(FhirContext fhir) {
        this.fhir = fhir;
    }

    public boolean isElement(String type, String element) {
        return child(type, element).isPresent();
    }

    /** Choice elements ({@code value[x]}) among {@code elements}, named without {@code [x]}. */
    public Set<String> choices(String type, Iterable<String> elements) {
        Set<String> names = new java.util.HashSet<>();
        elements.forEach(names::add);
        return names.stream()
                .filter(e -> child(type, e).filter(c -> c instanceof RuntimeChildChoiceDefinition).isPresent())
                .collect(Collectors.toSet());
    }

    private Optional<BaseRuntimeChildDefinition> child(String type, String element) {
        return fhir.getResourceDefinition(type).getChildren().stream()
                .filter(c -> c.getElementName().equals(element))
                .findFirst();
    }
}
