package org.signet.services.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxEhrSearchTest {

  private static final String P = SandboxEhrFixture.PATIENT;
  private static SandboxEhr ehr;
  private static IGenericClient client;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    ehr = SandboxEhr.start(SandboxEhrFixture.seeded());
    client = SandboxEhrFixture.client(ehr);
    base = ehr.fhirBaseUrl();
  }

  @AfterAll
  static void stop() throws Exception {
    ehr.stop();
  }

  private static Bundle search(String query) {
    return client.search().byUrl(base + "/" + query).returnBundle(Bundle.class).execute();
  }

  /** All pages of a search. */
  private static List<Resource> all(String query) {
    List<Resource> out = new ArrayList<>();
    Bundle page = search(query);
    while (true) {
      page.getEntry().forEach(e -> out.add(e.getResource()));
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        return out;
      }
      page = client.loadPage().next(page).execute();
    }
  }

  @Test
  void readsASeededPatientWithItsSyntheaIdAndVersion() {
    Patient patient = client.read().resource(Patient.class).withId(P).execute();
    assertEquals(P, patient.getIdElement().getIdPart());
    assertEquals("1", patient.getMeta().getVersionId());
    assertNotNull(patient.getMeta().getLastUpdated());
    given().get(base + "/Patient/nope").then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
  }

  @Test
  void seedReferencesAreResolvedToLocalIds() {
    Observation o = (Observation) search("Observation?patient=" + P + "&_count=1").getEntryFirstRep().getResource();
    assertEquals("Patient/" + P, o.getSubject().getReference());
    assertTrue(o.getEncounter().getReference().startsWith("Encounter/"));
    client.read().resource(Encounter.class).withId(o.getEncounter().getReferenceElement().getIdPart()).execute();
  }

  @Test
  void patientAndSubject() {
    assertEquals(170, search("Observation?patient=" + P).getTotal());
    assertEquals(170, search("Observation?patient=Patient/" + P).getTotal());
    assertEquals(170, search("Observation?subject=Patient/" + P).getTotal());
    assertEquals(170, search("Observation?subject:Patient=" + P).getTotal());
    assertEquals(0, search("Observation?subject:Device=" + P).getTotal());
    assertEquals(81, search("Encounter?patient=" + P).getTotal());
    assertEquals(2, search("AllergyIntolerance?patient=" + SandboxEhrFixture.ALLERGIC_PATIENT).getTotal());
  }

  @Test
  void encounter() {
    DocumentReference doc = (DocumentReference) search("DocumentReference?patient=" + P + "&_count=1")
        .getEntryFirstRep().getResource();
    String encounter = doc.getContext().getEncounterFirstRep().getReference();
    List<Resource> docs = all("DocumentReference?encounter=" + encounter);
    assertFalse(docs.isEmpty());
    docs.forEach(d -> assertEquals(encounter,
        ((DocumentReference) d).getContext().getEncounterFirstRep().getReference()));
    List<Resource> conditions = all("Observation?encounter=" + encounter);
    conditions.forEach(o -> assertEquals(encounter, ((Observation) o).getEncounter().getReference()));
  }

  @Test
  void dateOnObservationEffectiveWithEveryPrefix() {
    List<Observation> everything = all("Observation?patient=" + P + "&_count=500").stream()
        .map(Observation.class::cast).toList();
    assertEquals(170, everything.size());
    Date dayStart = new DateTimeType("2020-01-12").getValue();
    Date dayEnd = new DateTimeType("2020-01-13").getValue();
    checkDate(everything, "eq2020-01-12", t -> !t.before(dayStart) && t.before(dayEnd));
    checkDate(everything, "2020-01-12", t -> !t.before(dayStart) && t.before(dayEnd));
    checkDate(everything, "ge2020-01-12", t -> !t.before(dayStart));
    checkDate(everything, "gt2019-06-01", t -> !t.before(new DateTimeType("2019-06-02").getValue()));
    checkDate(everything, "le2015-12-31", t -> t.before(new DateTimeType("2016-01-01").getValue()));
    checkDate(everything, "lt2015-12-31", t -> t.before(new DateTimeType("2015-12-31").getValue()));
    // Two date parameters AND together: a range.
    Set<String> range = ids(all("Observation?patient=" + P + "&date=ge2015-01-01&date=lt2016-01-01"));
    Set<String> expected = everything.stream().filter(o -> !effective(o).before(new DateTimeType("2015-01-01")
        .getValue()) && effective(o).before(new DateTimeType("2016-01-01").getValue()))
        .map(o -> o.getIdElement().getIdPart()).collect(Collectors.toSet());
    assertFalse(expected.isEmpty());
    assertEquals(expected, range);
  }

  private static void checkDate(List<Observation> everything, String value, Predicate<Date> expected) {
    Set<String> want = everything.stream().filter(o -> expected.test(effective(o)))
        .map(o -> o.getIdElement().getIdPart()).collect(Collectors.toCollection(TreeSet::new));
    Set<String> got = new TreeSet<>(ids(all("Observation?patient=" + P + "&date=" + value + "&_count=500")));
    assertFalse(want.isEmpty(), "test data has matches for " + value);
    assertTrue(want.size() < everything.size(), "test data has non-matches for " + value);
    assertEquals(want, got, "date=" + value);
  }

  private static Date effective(Observation o) {
    return o.getEffectiveDateTimeType().getValue();
  }

  @Test
  void dateUsesTheRightElementPerType() {
    // Encounter.period 1999-06-30T04:40:25-07:00 .. 05:25:25-07:00
    Set<String> encounters = ids(all("Encounter?patient=" + P + "&date=1999-06-30"));
    assertTrue(encounters.contains("74e62849-5ac9-414f-9cc9-bc0b051a73bc"), encounters.toString());
    // Procedure.performedPeriod on 2011-12-14
    List<Resource> procedures = all("Procedure?patient=" + P + "&date=ge2011-12-14&date=le2011-12-14");
    assertFalse(procedures.isEmpty());
    procedures.forEach(p -> assertTrue(((Procedure) p).getPerformedPeriod().getStartElement().getValueAsString()
        .startsWith("2011-12-1")));
    // DocumentReference.date, Condition onset-date / recorded-date, MedicationRequest authoredon
    assertTrue(search("DocumentReference?patient=" + P + "&date=1999-06-30").getTotal() >= 1);
    assertEquals(9, search("Condition?patient=" + P + "&onset-date=ge1900").getTotal());
    assertEquals(9, search("Condition?patient=" + P + "&recorded-date=ge1900").getTotal());
    assertEquals(0, search("Condition?patient=" + P + "&recorded-date=lt1900").getTotal());
    assertEquals(15, search("MedicationRequest?patient=" + P + "&authoredon=ge1900").getTotal());
  }

  @Test
  void tokens() {
    assertEquals(25, search("Observation?patient=" + P + "&category=vital-signs").getTotal());
    assertEquals(129, search("Observation?patient=" + P
        + "&category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory").getTotal());
    assertEquals(0, search("Observation?patient=" + P + "&category=http://example.org|laboratory").getTotal());
    assertEquals(154, search("Observation?patient=" + P + "&category=vital-signs,laboratory").getTotal());
    assertEquals(8, search("Observation?patient=" + P + "&code=http://loinc.org|2093-3").getTotal());
    assertEquals(170, search("Observation?patient=" + P + "&status=final").getTotal());
    assertEquals(4, search("Condition?patient=" + P + "&clinical-status=active").getTotal());
    assertEquals(5, search("Condition?patient=" + P
        + "&clinical-status=http://terminology.hl7.org/CodeSystem/condition-clinical|resolved").getTotal());
    assertEquals(1, search("MedicationRequest?patient=" + P + "&status=active").getTotal());
    assertEquals(2, search("AllergyIntolerance?patient=" + SandboxEhrFixture.ALLERGIC_PATIENT
        + "&clinical-status=inactive").getTotal());
    assertTrue(search("DocumentReference?patient=" + P + "&category=clinical-note").getTotal() > 0);
  }

  @Test
  void identifierAndId() {
    assertEquals(1, search("Patient?identifier=http://hospital.smarthealthit.org|" + P).getTotal());
    assertEquals(0, search("Patient?identifier=http://other.example|" + P).getTotal());
    assertEquals(1, search("Patient?_id=" + P).getTotal());
    assertEquals(2, search("Patient?_id=" + P + "," + SandboxEhrFixture.ALLERGIC_PATIENT).getTotal());
    assertEquals(0, search("Patient?_id=nope").getTotal());
  }

  @Test
  void pagingFollowsNextLinksOverTheWholeResult() {
    Bundle first = search("Observation?patient=" + P + "&_count=50");
    assertEquals(170, first.getTotal());
    assertEquals(50, first.getEntry().size());
    assertNotNull(first.getLink(Bundle.LINK_NEXT));
    List<Resource> all = new ArrayList<>();
    int pages = 0;
    for (Bundle page = first; page != null;
        page = page.getLink(Bundle.LINK_NEXT) == null ? null : client.loadPage().next(page).execute()) {
      all.addAll(page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList());
      pages++;
    }
    assertEquals(4, pages);
    assertEquals(170, ids(all).size());
    assertNull(search("Patient?_count=50").getLink(Bundle.LINK_NEXT));
  }

  @Test
  void sortByDateDescending() {
    List<Observation> page = search("Observation?patient=" + P + "&_sort=-date&_count=100").getEntry().stream()
        .map(e -> (Observation) e.getResource()).toList();
    for (int i = 1; i < page.size(); i++) {
      assertFalse(effective(page.get(i)).after(effective(page.get(i - 1))), "sorted newest first at " + i);
    }
    assertEquals("2020-01-12T03:40:25-08:00", page.get(0).getEffectiveDateTimeType().getValueAsString());
    List<Observation> ascending = search("Observation?patient=" + P + "&_sort=date&_count=5").getEntry().stream()
        .map(e -> (Observation) e.getResource()).toList();
    assertTrue(effective(ascending.get(0)).before(effective(page.get(page.size() - 1))));
    given().get(base + "/Observation?_sort=code").then().statusCode(400);
    given().get(base + "/Patient?_sort=-date").then().statusCode(400);
  }

  @Test
  void elementsAndSummary() {
    Patient p = (Patient) client.search().byUrl(base + "/Patient?_id=" + P).elementsSubset("identifier")
        .returnBundle(Bundle.class).execute().getEntryFirstRep().getResource();
    assertTrue(p.hasIdentifier());
    assertFalse(p.hasName());
    assertFalse(p.hasAddress());
    assertTrue(p.getMeta().getTag().stream().anyMatch(t -> "SUBSETTED".equals(t.getCode())));
    Patient read = client.read().resource(Patient.class).withId(P).elementsSubset("gender").execute();
    assertTrue(read.hasGender());
    assertFalse(read.hasName());
    Bundle count = client.search().byUrl(base + "/Observation?patient=" + P).summaryMode(SummaryEnum.COUNT)
        .returnBundle(Bundle.class).execute();
    assertEquals(170, count.getTotal());
    assertTrue(count.getEntry().isEmpty());
    Patient summary = client.read().resource(Patient.class).withId(P).summaryMode(SummaryEnum.TRUE).execute();
    assertFalse(summary.hasCommunication(), "communication is not a summary element");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Observation?foo=bar", "Observation?_total=accurate", "Observation?_include=Observation:subject",
      "Observation?code:text=glucose", "Observation?patient.name=x", "Observation?date:missing=true",
      "Condition?date=2020", "Patient?name=x", "Observation?_elements:exclude=code", "Observation?_lastUpdated=ge2020"})
  void unsupportedSearchParametersAre400WithAnOperationOutcome(String query) {
    given().get(base + "/" + query).then().statusCode(400)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].severity", equalTo("error"));
  }

  @Test
  void unsupportedInteractionsAreRefused() {
    given().delete(base + "/Patient/" + P).then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
    given().get(base + "/Patient/" + P + "/_history").then().statusCode(400);
    given().get(base + "/Patient/" + P + "/_history/1").then().statusCode(400);
    given().get(base + "/Location").then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
  }

  @Test
  void capabilityStatementListsExactlyWhatIsSupported() {
    CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
    CapabilityStatement.CapabilityStatementRestComponent rest = cs.getRestFirstRep();
    assertEquals(Set.of("transaction"), rest.getInteraction().stream().map(i -> i.getCode().toCode())
        .collect(Collectors.toSet()));
    assertEquals(new TreeSet<>(SearchParameterRegistry.SUPPORTED_TYPES),
        rest.getResource().stream().map(r -> r.getType()).collect(Collectors.toCollection(TreeSet::new)));
    for (CapabilityStatement.CapabilityStatementRestResourceComponent r : rest.getResource()) {
      assertEquals(Set.of("read", "search-type", "create", "update"), r.getInteraction().stream()
          .map(i -> i.getCode().toCode()).collect(Collectors.toSet()), r.getType());
      assertEquals(SearchParameterRegistry.paramsFor(r.getType()).keySet(), r.getSearchParam().stream()
          .map(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
          .collect(Collectors.toSet()), r.getType());
      for (var sp : r.getSearchParam()) {
        assertEquals(SearchParameterRegistry.param(r.getType(), sp.getName()).orElseThrow().kind().name()
            .toLowerCase(), sp.getType().toCode(), r.getType() + "." + sp.getName());
      }
      assertTrue(r.getConditionalCreate());
      assertFalse(r.getUpdateCreate());
      assertFalse(r.getReadHistory());
      assertTrue(r.getSearchInclude().isEmpty());
    }
    assertFalse(rest.getSecurity().hasService(), "no SMART service advertised while authorization is disabled");
    given().get(base + "/metadata").then().statusCode(200).body(containsString("Signet sandbox EHR"));
  }

  private static Set<String> ids(List<Resource> resources) {
    Set<String> ids = new LinkedHashSet<>();
    resources.forEach(r -> ids.add(r.getIdElement().getIdPart()));
    assertEquals(resources.size(), new HashSet<>(ids).size(), "no duplicates");
    return ids;
  }

  @Test
  void conditionSearchByCode() {
    Condition first = (Condition) search("Condition?patient=" + P + "&_count=1").getEntryFirstRep().getResource();
    String code = first.getCode().getCodingFirstRep().getCode();
    all("Condition?patient=" + P + "&code=" + code).forEach(c -> assertEquals(code,
        ((Condition) c).getCode().getCodingFirstRep().getCode()));
  }
}
