package org.signet.services.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The store's id and patient indexes give exactly what a scan of every resource gives, in the same order. */
class SearchEngineIndexTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private final ResourceStore store = new ResourceStore();
  private final SearchEngine engine = new SearchEngine(store);

  @Test
  void indexedSearchesAgreeWithAFullScanThroughUpdatesAndAReset() {
    for (int i = 0; i < 30; i++) {
      store.put(observation("o" + i, i % 3 == 0 ? "Patient/a" : i % 3 == 1 ? "b" : "Group/a",
          i % 2 == 0 ? "vital-signs" : "laboratory"), new Date());
    }
    store.markAsSeed();
    assertAgreement();
    assertEquals(List.of("o0", "o3", "o6", "o9", "o12", "o15", "o18", "o21", "o24", "o27"),
        ids("Observation?patient=a"));
    assertEquals(List.of(), ids("Observation?patient=Group/a"), "a patient search never matches a Group");

    // a new version that moves to another patient keeps its place in the store's order
    store.put(observation("o3", "Patient/b", "laboratory"), new Date());
    store.put(observation("o1", "Patient/a", "vital-signs"), new Date());
    assertAgreement();
    assertEquals("o0,o1,o6", String.join(",", ids("Observation?patient=Patient/a")).substring(0, 8));
    assertEquals(List.of(), ids("Observation?_id=o3&patient=a"));
    assertEquals(List.of("o3"), ids("Observation?_id=o3&patient=b"));

    store.resetToSeed();
    assertAgreement();
    assertEquals(List.of("o3"), ids("Observation?_id=o3&patient=a"));
  }

  @Test
  void unsupportedCriteriaFailEvenWhenNoResourceIsCompared() {
    // the index leaves nothing to compare for a patient without resources; the criteria are still checked
    SearchCriteria textSearch = new SearchCriteria("Observation")
        .and("patient", new ReferenceAndListParam().addAnd(new ReferenceOrListParam().add(new ReferenceParam("nobody"))))
        .and("code", new TokenAndListParam().addAnd(new TokenParam("cough").setModifier(TokenParamModifier.TEXT)));
    assertThrows(InvalidRequestException.class, () -> engine.search(textSearch, null));
    ReferenceParam missing = new ReferenceParam();
    missing.setMissing(true);
    SearchCriteria missingSearch = new SearchCriteria("Observation")
        .and("_id", new TokenAndListParam().addAnd(new TokenParam("none")))
        .and("patient", new ReferenceAndListParam().addAnd(new ReferenceOrListParam().add(missing)));
    assertThrows(InvalidRequestException.class, () -> engine.search(missingSearch, null));
  }

  private void assertAgreement() {
    for (String query : List.of("Observation?patient=a", "Observation?patient=Patient/a", "Observation?patient=b",
        "Observation?patient=Patient/b,Patient/a", "Observation?patient=a&category=vital-signs",
        "Observation?subject=Group/a", "Observation?_id=o4", "Observation?_id=o4,o7,o1&patient=b",
        "Observation?_id=missing", "Observation?category=laboratory", "Observation?patient=nobody")) {
      SearchCriteria criteria = SearchCriteria.parse(FHIR, "Observation", query);
      List<String> scanned = store.withReadLock(() -> store.scanLocked("Observation").stream()
          .filter(r -> SearchEngine.matches(r, criteria)).map(r -> r.getIdElement().getIdPart()).toList());
      assertEquals(scanned, ids(query), query);
      assertEquals(scanned, store.withReadLock(() -> engine.matchingIdsLocked(criteria)), query);
    }
  }

  private List<String> ids(String query) {
    return engine.search(SearchCriteria.parse(FHIR, "Observation", query), null).stream()
        .map(Resource::getIdElement).map(id -> id.getIdPart()).toList();
  }

  private static Observation observation(String id, String subject, String category) {
    Observation o = new Observation();
    o.setId(id);
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setSubject(new Reference(subject));
    o.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
        .setCode(category);
    o.getCode().setText("heart rate");
    return o;
  }
}
