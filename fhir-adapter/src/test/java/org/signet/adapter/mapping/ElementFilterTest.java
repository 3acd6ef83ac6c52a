package org.signet.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElementFilterTest {

    @Test
    void keepsOnlyAllowedElementsTheirExtensionsAndChoiceVariants() throws Exception {
        ObjectNode obs = (ObjectNode) new ObjectMapper().readTree("""
                {"resourceType":"Observation","id":"1","meta":{"versionId":"1"},"status":"final",
                 "statusReason":{"text":"x"},"code":{"text":"bp"},"valueQuantity":{"value":1},
                 "_status":{"extension":[]},"subject":{"reference":"Patient/9"},"note":[{"text":"free text"}]}
                """);
        List<String> delivered = ElementFilter.retain(obs, List.of("status", "code", "value"), Set.of("value"));
        assertThat(obs.properties()).extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("resourceType", "id", "meta", "status", "code", "valueQuantity", "_status");
        assertThat(delivered).containsExactlyInAnyOrder("status", "code", "value");
    }

    @Test
    void aNonChoiceElementDoesNotCoverLongerNames() {
        assertThat(ElementFilter.allowedElement("statusReason", List.of("status"), Set.of())).isNull();
        assertThat(ElementFilter.allowedElement("valueString", List.of("value"), Set.of("value"))).isEqualTo("value");
    }
}
