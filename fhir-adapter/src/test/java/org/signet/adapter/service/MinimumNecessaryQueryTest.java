package org.signet.adapter.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.signet.adapter.purpose.ResourceRule;

class MinimumNecessaryQueryTest {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 31);

    @Test
    void conditionLooksBackOnRecordedDateNotDate() {
        String q = MinimumNecessaryQuery.of(new ResourceRule("Condition", Map.of("clinical-status", "active"),
                List.of("code", "onset"), 30, 50, null), "p1", "e1", TODAY);
        assertThat(q).isEqualTo("Condition?_count=50&_elements=code,onset&_sort=-recorded-date"
                + "&clinical-status=active&patient=p1&recorded-date=ge2026-03-01");
    }

    @Test
    void patientIsReadByIdAndEncounterOnlyByTheRequestedOne() {
        assertThat(MinimumNecessaryQuery.of(new ResourceRule("Patient", Map.of(), List.of("gender"), null, 1, null),
                "p1", "e1", TODAY)).isEqualTo("Patient?_count=1&_elements=gender&_id=p1");
        assertThat(MinimumNecessaryQuery.of(new ResourceRule("Encounter", Map.of(), List.of("period"), null, 1, true),
                "p1", "e1", TODAY)).isEqualTo("Encounter?_count=1&_elements=period&_id=e1&_sort=-date&patient=p1");
    }
}
