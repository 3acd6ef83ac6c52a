package org.signet.services.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.restassured.specification.RequestSpecification;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SMART Backend Services interceptor against a local JWKS endpoint (the real Keycloak is tested elsewhere). */
class SmartBackendServicesInterceptorTest {

  private static final String P = SandboxEhrFixture.PATIENT;
  private static final String AUDIENCE = LocalIssuer.AUDIENCE;
  private static LocalIssuer tokens;
  private static RSAKey signingKey;
  private static String issuer;
  private static SandboxEhr ehr;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    tokens = new LocalIssuer();
    signingKey = tokens.signingKey;
    issuer = tokens.issuer;
    ehr = SandboxEhr.start(SandboxEhrFixture.seeded().withAuthorization(issuer, AUDIENCE));
    base = ehr.fhirBaseUrl();
  }

  @AfterAll
  static void stop() throws Exception {
    ehr.stop();
    tokens.close();
  }

  private static String token(RSAKey key, String iss, String aud, Date exp, String scope) throws Exception {
    return LocalIssuer.token(key, iss, aud, exp, scope);
  }

  private static String token(String scope) throws Exception {
    return tokens.token(new Date(System.currentTimeMillis() + 300_000), scope);
  }

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  @Test
  void missingTokenIs401WithChallengeAndOperationOutcome() {
    given().get(base + "/Patient/" + P).then().statusCode(401)
        .header("WWW-Authenticate", startsWith("Bearer realm="))
        .header("WWW-Authenticate", not(containsString("error=")))
        .body("resourceType", equalTo("OperationOutcome"));
    given().header("Authorization", "Basic abc").get(base + "/Patient/" + P).then().statusCode(401);
    // nothing is evaluated for an anonymous caller, not even the query
    given().get(base + "/Patient?bogus=1").then().statusCode(401);
  }

  @Test
  void badSignatureIs401() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
    String forged = token(other, issuer, AUDIENCE, new Date(System.currentTimeMillis() + 300_000),
        "system/*.rs");
    as(forged).get(base + "/Patient/" + P).then().statusCode(401)
        .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
        .body("resourceType", equalTo("OperationOutcome"));
    as("not.a.jwt").get(base + "/Patient/" + P).then().statusCode(401);
  }

  @Test
  void expiredTokenIs401() throws Exception {
    String expired = token(signingKey, issuer, AUDIENCE, new Date(System.currentTimeMillis() - 600_000),
        "system/*.rs");
    as(expired).get(base + "/Patient/" + P).then().statusCode(401)
        .header("WWW-Authenticate", containsString("invalid_token"));
  }

  @Test
  void wrongIssuerOrAudienceIs401() throws Exception {
    Date exp = new Date(System.currentTimeMillis() + 300_000);
    as(token(signingKey, "http://127.0.0.1:1/realms/other", AUDIENCE, exp, "system/*.rs"))
        .get(base + "/Patient/" + P).then().statusCode(401);
    as(token(signingKey, issuer, "someone-else", exp, "system/*.rs"))
        .get(base + "/Patient/" + P).then().statusCode(401);
  }

  @Test
  void rightScopeIs200() throws Exception {
    as(token("system/Patient.rs")).get(base + "/Patient/" + P).then().statusCode(200);
    as(token("system/Patient.rs")).get(base + "/Patient?_id=" + P).then().statusCode(200);
    as(token("system/Patient.read")).get(base + "/Patient/" + P).then().statusCode(200);
    as(token("openid system/*.rs")).get(base + "/Observation?patient=" + P).then().statusCode(200);
    as(token("system/*.*")).get(base + "/Observation?patient=" + P).then().statusCode(200);
  }

  @Test
  void wrongScopeIs403WithInsufficientScope() throws Exception {
    as(token("system/Observation.rs")).get(base + "/Patient/" + P).then().statusCode(403)
        .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
        .header("WWW-Authenticate", containsString("system/Patient.r"))
        .body("resourceType", equalTo("OperationOutcome"));
    as(token("system/Patient.s")).get(base + "/Patient/" + P).then().statusCode(403);
    as(token("system/Patient.r")).get(base + "/Patient?_id=" + P).then().statusCode(403);
    as(token("patient/Patient.rs")).get(base + "/Patient/" + P).then().statusCode(403);
    as(token("system/Patient.sr")).get(base + "/Patient/" + P).then().statusCode(403); // not v2 order
    as(token(null)).get(base + "/Patient/" + P).then().statusCode(403);
    String doc = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(note(UUID.randomUUID().toString()));
    as(token("system/DocumentReference.rs")).contentType("application/fhir+json").body(doc)
        .post(base + "/DocumentReference").then().statusCode(403);
    as(token("system/DocumentReference.cu")).contentType("application/fhir+json").body(doc)
        .post(base + "/DocumentReference").then().statusCode(201);
    as(token("system/DocumentReference.write")).contentType("application/fhir+json").body(doc)
        .post(base + "/DocumentReference").then().statusCode(201);
  }

  @Test
  void pagesNeedTheSearchScopeOfTheirType() throws Exception {
    String next = as(token("system/Observation.s")).get(base + "/Observation?patient=" + P + "&_count=10")
        .then().statusCode(200).extract().jsonPath().getString("link.find { it.relation == 'next' }.url");
    as(token("system/Observation.s")).get(next).then().statusCode(200);
    as(token("system/Patient.s")).get(next).then().statusCode(403);
  }

  @Test
  void transactionNeedsThePermissionOfEveryEntry() throws Exception {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    String docUrl = "urn:uuid:" + UUID.randomUUID();
    tx.addEntry().setFullUrl(docUrl).setResource(note(UUID.randomUUID().toString())).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("DocumentReference");
    Provenance prov = new Provenance();
    prov.addTarget(new Reference(docUrl));
    prov.setRecordedElement(InstantType.now());
    prov.addAgent().setWho(new Reference("Patient/" + P));
    tx.addEntry().setResource(prov).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
    String body = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(tx);
    as(token("system/DocumentReference.c")).contentType("application/fhir+json").body(body).post(base)
        .then().statusCode(403).header("WWW-Authenticate", containsString("system/Provenance.c"));
    as(token("system/DocumentReference.c system/Provenance.c")).contentType("application/fhir+json").body(body)
        .post(base).then().statusCode(200);
  }

  @Test
  void capabilityStatementAndDiscoveryNeedNoToken() {
    given().get(base + "/metadata").then().statusCode(200)
        .body("rest[0].security.service[0].coding[0].code", equalTo("SMART-on-FHIR"));
    given().get(base + "/.well-known/smart-configuration").then().statusCode(200)
        .body("token_endpoint", equalTo(issuer + "/protocol/openid-connect/token"))
        .body("grant_types_supported", equalTo(java.util.List.of("authorization_code", "client_credentials")))
        .body("authorization_endpoint", equalTo(issuer + "/protocol/openid-connect/auth"))
        .body("code_challenge_methods_supported", equalTo(java.util.List.of("S256")))
        .body("capabilities", hasItem("launch-ehr"))
        .body("capabilities", hasItem("context-ehr-encounter"))
        .body("capabilities", hasItem("launch-standalone"))
        .body("scopes_supported", hasItem("launch"))
        .body("token_endpoint_auth_methods_supported", hasItem("private_key_jwt"))
        .body("token_endpoint_auth_signing_alg_values_supported", equalTo(java.util.List.of("RS384", "ES384")))
        .body("scopes_supported", hasItem("system/DocumentReference.cu"))
        .body("capabilities", hasItem("client-confidential-asymmetric"))
        .body("capabilities", hasItem("permission-v2"));
  }

  @Test
  void scopeParsing() {
    SmartScopes scopes = SmartScopes.parse("openid system/Patient.rs system/DocumentReference.cu "
        + "system/Observation.read system/Consent.rs?category=x patient/Encounter.rs");
    assertTrue(scopes.permits("Patient", 'r') && scopes.permits("Patient", 's'));
    assertTrue(!scopes.permits("Patient", 'c'));
    assertTrue(scopes.permits("DocumentReference", 'c') && scopes.permits("DocumentReference", 'u'));
    assertTrue(!scopes.permits("DocumentReference", 'r'));
    assertTrue(scopes.permits("Observation", 's') && !scopes.permits("Observation", 'u'));
    assertTrue(!scopes.permits("Consent", 'r'), "query-narrowed scopes are not honoured");
    assertTrue(!scopes.permits("Encounter", 'r'), "patient/ scopes grant nothing to a backend service");
    assertTrue(SmartScopes.parse("system/*.cruds").permits("AuditEvent", 'd'));
    assertEquals("system/Patient.r", SmartScopes.required("Patient", 'r'));
  }

  private static DocumentReference note(String key) {
    DocumentReference doc = new DocumentReference();
    doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
    doc.addIdentifier().setSystem("urn:signet:draft").setValue(key);
    doc.setSubject(new Reference("Patient/" + P));
    doc.addContent().getAttachment().setContentType("text/plain");
    return doc;
  }
}
