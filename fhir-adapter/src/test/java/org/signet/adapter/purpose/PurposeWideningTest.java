package org.signet.adapter.purpose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurposeWideningTest {

    private static final ResourceRule CONDITIONS = new ResourceRule("Condition", Map.of("clinical-status", "active"),
            List.of("code"), 365, 10, null);

    private static Purpose current(boolean active, ResourceRule... rules) {
        Purpose p = new Purpose();
        p.id = "progress";
        p.active = active;
        p.definition = new PurposeDefinition(List.of("11506-3"), List.of("extractive"), List.of(rules), null);
        return p;
    }

    private static List<String> to(Purpose before, List<String> providers, ResourceRule... rules) {
        return PurposeWidening.of(before, true, new PurposeDefinition(List.of("11506-3"), providers,
                List.of(rules), null));
    }

    @Test
    void narrowingOrUnchangedWidensNothing() {
        Purpose before = current(true, CONDITIONS);
        assertThat(to(before, List.of("extractive"), CONDITIONS)).isEmpty();
        assertThat(to(before, List.of("extractive"), new ResourceRule("Condition",
                Map.of("clinical-status", "active"), List.of("code"), 30, 5, null))).isEmpty();
        assertThat(to(before, List.of("extractive"))).isEmpty();
    }

    @Test
    void everyWayOfLettingMoreFlowIsNamed() {
        Purpose before = current(true, CONDITIONS);
        assertThat(to(before, List.of("extractive", "remote-x"), new ResourceRule("Condition", Map.of(),
                List.of("code", "onset"), null, 20, null), new ResourceRule("Observation", null, List.of("code"),
                        30, 5, null)))
                .containsExactlyInAnyOrder("provider remote-x added", "Condition.onset added",
                        "Condition look-back lengthened", "Condition maxCount raised",
                        "Condition filter clinical-status dropped or changed", "Observation added");
        assertThat(PurposeWidening.of(null, true, before.definition)).containsExactly("a new purpose");
        assertThat(to(current(false, CONDITIONS), List.of("extractive"), CONDITIONS)).containsExactly("reactivated");
        Purpose encounter = current(true, new ResourceRule("Encounter", null, List.of("type"), null, 1, true));
        assertThat(to(encounter, List.of("extractive"), new ResourceRule("Encounter", null, List.of("type"), null, 1,
                null))).containsExactly("Encounter no longer limited to the encounter");
    }
}
