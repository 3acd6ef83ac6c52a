package org.signet.services.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxEhrWriteTest {

  private static final String P = SandboxEhrFixture.PATIENT;
  private static final String NOTE_SYSTEM = "urn:signet:draft";
  private static final FhirContext CTX = FhirContext.forR4Cached();
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

  private static DocumentReference note(String key, String patientRef) {
    DocumentReference doc = new DocumentReference();
    doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
    doc.addIdentifier().setSystem(NOTE_SYSTEM).setValue(key);
    doc.setSubject(new Reference(patientRef));
    doc.addContent().getAttachment().setContentType("text/plain").setData("note".getBytes());
    return doc;
  }

  private static int count(String query) {
    return client.search().byUrl(base + "/" + query).returnBundle(Bundle.class).execute().getTotal();
  }

  private static String json(org.hl7.fhir.instance.model.api.IBaseResource r) {
    return CTX.newJsonParser().encodeResourceToString(r);
  }

  @Test
  void createAssignsIdVersionAndLocation() {
    MethodOutcome outcome = client.create().resource(note(UUID.randomUUID().toString(), "Patient/" + P)).execute();
    assertTrue(outcome.getCreated());
    assertEquals("1", outcome.getId().getVersionIdPart());
    DocumentReference stored = client.read().resource(DocumentReference.class).withId(outcome.getId().getIdPart())
        .execute();
    assertEquals("Patient/" + P, stored.getSubject().getReference());
    given().contentType("application/fhir+json").body(json(note("loc-" + UUID.randomUUID(), "Patient/" + P)))
        .post(base + "/DocumentReference").then().statusCode(201)
        .header("Location", containsString("/DocumentReference/"));
  }

  @Test
  void conditionalCreateTwiceStoresOneResource() {
    String key = UUID.randomUUID().toString();
    String criteria = "identifier=" + NOTE_SYSTEM + "|" + key;
    given().contentType("application/fhir+json").header("If-None-Exist", criteria).body(json(note(key, "Patient/" + P)))
        .post(base + "/DocumentReference").then().statusCode(201);
    given().contentType("application/fhir+json").header("If-None-Exist", criteria).body(json(note(key, "Patient/" + P)))
        .post(base + "/DocumentReference").then().statusCode(200);
    assertEquals(1, count("DocumentReference?" + criteria));
    // the same through HAPI's client, as the adapter writes
    MethodOutcome again = client.create().resource(note(key, "Patient/" + P)).conditionalByUrl("DocumentReference?"
        + criteria).execute();
    assertTrue(again.getCreated() == null || !again.getCreated());
    assertEquals(1, count("DocumentReference?" + criteria));
  }

  @Test
  void conditionalCreateWithSeveralMatchesIs412() {
    String key = UUID.randomUUID().toString();
    client.create().resource(note(key, "Patient/" + P)).execute();
    client.create().resource(note(key, "Patient/" + P)).execute();
    given().contentType("application/fhir+json").header("If-None-Exist", "identifier=" + NOTE_SYSTEM + "|" + key)
        .body(json(note(key, "Patient/" + P))).post(base + "/DocumentReference")
        .then().statusCode(412).body("resourceType", equalTo("OperationOutcome"));
    assertEquals(2, count("DocumentReference?identifier=" + NOTE_SYSTEM + "|" + key));
    assertThrows(PreconditionFailedException.class, () -> client.create().resource(note(key, "Patient/" + P))
        .conditionalByUrl("DocumentReference?identifier=" + NOTE_SYSTEM + "|" + key).execute());
  }

  @Test
  void conditionalCriteriaAreStrict() {
    given().contentType("application/fhir+json").header("If-None-Exist", "bogus=1")
        .body(json(note("x", "Patient/" + P))).post(base + "/DocumentReference").then().statusCode(400);
  }

  @Test
  void danglingOrWrongReferencesAre422() {
    given().contentType("application/fhir+json").body(json(note("d", "Patient/nope")))
        .post(base + "/DocumentReference").then().statusCode(422)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("Patient/nope"));
    String org = client.search().byUrl(base + "/Organization?_count=1").returnBundle(Bundle.class).execute()
        .getEntryFirstRep().getResource().getIdElement().getIdPart();
    given().contentType("application/fhir+json").body(json(note("d", "Organization/" + org)))
        .post(base + "/DocumentReference").then().statusCode(422);
    given().contentType("application/fhir+json").body(json(note("d", "urn:uuid:" + UUID.randomUUID())))
        .post(base + "/DocumentReference").then().statusCode(422);
    given().contentType("application/fhir+json").body(json(note("d", "http://elsewhere.example/fhir/Patient/1")))
        .post(base + "/DocumentReference").then().statusCode(422);
  }

  @Test
  void missingRequiredElementsAre422() {
    DocumentReference doc = note("r", "Patient/" + P);
    doc.setStatus(null);
    given().contentType("application/fhir+json").body(json(doc)).post(base + "/DocumentReference")
        .then().statusCode(422).body("issue[0].diagnostics", containsString("DocumentReference.status"));
  }

  @Test
  void parseErrorsAre400() {
    given().contentType("application/fhir+json").body("{\"resourceType\":\"DocumentReference\",")
        .post(base + "/DocumentReference").then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
    given().contentType("application/fhir+json").body("{\"resourceType\":\"DocumentReference\",\"status\":\"current\","
        + "\"unknownElement\":true,\"content\":[{\"attachment\":{\"contentType\":\"text/plain\"}}]}")
        .post(base + "/DocumentReference").then().statusCode(400);
    given().contentType("application/fhir+json").body("{\"resourceType\":\"DocumentReference\",\"status\":\"nonsense\","
        + "\"content\":[{\"attachment\":{\"contentType\":\"text/plain\"}}]}")
        .post(base + "/DocumentReference").then().statusCode(400);
    given().contentType("application/fhir+json").body(json(new Patient()))
        .post(base + "/DocumentReference").then().statusCode(400);
  }

  @Test
  void updateIsVersionedAndRefusesUnknownIdsAndStaleVersions() {
    String id = client.create().resource(note(UUID.randomUUID().toString(), "Patient/" + P)).execute().getId()
        .getIdPart();
    DocumentReference doc = client.read().resource(DocumentReference.class).withId(id).execute();
    doc.setDescription("amended");
    MethodOutcome updated = client.update().resource(doc).execute();
    assertEquals("2", updated.getId().getVersionIdPart());
    DocumentReference v2 = client.read().resource(DocumentReference.class).withId(id).execute();
    assertEquals("2", v2.getMeta().getVersionId());
    assertEquals("amended", v2.getDescription());
    given().contentType("application/fhir+json").header("If-Match", "W/\"1\"").body(json(v2))
        .put(base + "/DocumentReference/" + id).then().statusCode(412);
    DocumentReference unknown = note("u", "Patient/" + P);
    unknown.setId("does-not-exist");
    given().contentType("application/fhir+json").body(json(unknown)).put(base + "/DocumentReference/does-not-exist")
        .then().statusCode(405);
    v2.setSubject(new Reference("Patient/nope"));
    given().contentType("application/fhir+json").body(json(v2)).put(base + "/DocumentReference/" + id)
        .then().statusCode(422);
  }

  private static Bundle noteTransaction(String key, String provenanceAgent) {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    String docUrl = "urn:uuid:" + UUID.randomUUID();
    tx.addEntry().setFullUrl(docUrl).setResource(note(key, "Patient/" + P)).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("DocumentReference")
        .setIfNoneExist("identifier=" + NOTE_SYSTEM + "|" + key);
    Provenance prov = new Provenance();
    prov.addTarget(new Reference(docUrl));
    prov.setRecordedElement(InstantType.now());
    prov.addAgent().setWho(new Reference(provenanceAgent));
    tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(prov).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
    return tx;
  }

  @Test
  void transactionResolvesPlaceholdersAndHonoursIfNoneExist() {
    String key = UUID.randomUUID().toString();
    Bundle response = client.transaction().withBundle(noteTransaction(key, "Patient/" + P)).execute();
    assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
    assertEquals("201 Created", response.getEntry().get(0).getResponse().getStatus());
    assertEquals("201 Created", response.getEntry().get(1).getResponse().getStatus());
    String docId = new org.hl7.fhir.r4.model.IdType(response.getEntry().get(0).getResponse().getLocation()).getIdPart();
    String provId = new org.hl7.fhir.r4.model.IdType(response.getEntry().get(1).getResponse().getLocation())
        .getIdPart();
    Provenance prov = client.read().resource(Provenance.class).withId(provId).execute();
    assertEquals("DocumentReference/" + docId, prov.getTargetFirstRep().getReference());

    Bundle again = client.transaction().withBundle(noteTransaction(key, "Patient/" + P)).execute();
    assertEquals("200 OK", again.getEntry().get(0).getResponse().getStatus());
    assertTrue(again.getEntry().get(0).getResponse().getLocation().startsWith("DocumentReference/" + docId));
    String prov2 = new org.hl7.fhir.r4.model.IdType(again.getEntry().get(1).getResponse().getLocation()).getIdPart();
    assertEquals("DocumentReference/" + docId, client.read().resource(Provenance.class).withId(prov2).execute()
        .getTargetFirstRep().getReference());
    assertEquals(1, count("DocumentReference?identifier=" + NOTE_SYSTEM + "|" + key));
    assertEquals(2, count("Provenance?target=DocumentReference/" + docId));
  }

  @Test
  void aBadEntryRollsBackTheWholeTransaction() {
    String key = UUID.randomUUID().toString();
    int provenanceBefore = count("Provenance?patient=" + P);
    assertThrows(UnprocessableEntityException.class, () -> client.transaction()
        .withBundle(noteTransaction(key, "Patient/nope")).execute());
    assertEquals(0, count("DocumentReference?identifier=" + NOTE_SYSTEM + "|" + key));
    assertEquals(provenanceBefore, count("Provenance?patient=" + P));
    given().contentType("application/fhir+json").body(json(noteTransaction(key, "Patient/nope")))
        .post(base).then().statusCode(422).body("issue[0].diagnostics", containsString("Bundle.entry[1]"));
    assertEquals(0, count("DocumentReference?identifier=" + NOTE_SYSTEM + "|" + key));
  }

  @Test
  void transactionConditionalCreateWithSeveralMatchesFailsItAll() {
    String key = UUID.randomUUID().toString();
    client.create().resource(note(key, "Patient/" + P)).execute();
    client.create().resource(note(key, "Patient/" + P)).execute();
    int before = count("Provenance?patient=" + P);
    given().contentType("application/fhir+json").body(json(noteTransaction(key, "Patient/" + P)))
        .post(base).then().statusCode(412);
    assertEquals(before, count("Provenance?patient=" + P));
  }

  @Test
  void batchesAndUnsupportedEntryMethodsAre400() {
    Bundle batch = noteTransaction(UUID.randomUUID().toString(), "Patient/" + P).setType(Bundle.BundleType.BATCH);
    given().contentType("application/fhir+json").body(json(batch)).post(base).then().statusCode(400);
    Bundle delete = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    delete.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Patient/" + P);
    given().contentType("application/fhir+json").body(json(delete)).post(base).then().statusCode(400);
    assertNotEquals(0, count("Patient?_id=" + P));
  }
}
