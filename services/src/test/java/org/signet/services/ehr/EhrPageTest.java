package org.signet.services.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox's EHR page: its patients with "Launch Signet", and a launch that sends the browser to the app. */
class EhrPageTest {

  private static final String SECRET = "a-launch-secret-for-this-test-only-0123456789";
  private static final String APP_LAUNCH = "http://127.0.0.1:9/launch";
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static SandboxEhr ehr;
  private static String page;
  private static String encounter;
  private static String otherPatientsEncounter;

  @BeforeAll
  static void start() throws Exception {
    ehr = SandboxEhr.start(SandboxEhrFixture.seeded()
        .withLaunchApp(new SandboxEhr.LaunchApp("signet-smart", APP_LAUNCH, SECRET)));
    page = ehr.fhirBaseUrl().replaceFirst("/fhir$", "/ehr/");
    var client = SandboxEhrFixture.client(ehr);
    encounter = firstEncounter(client, SandboxEhrFixture.PATIENT);
    otherPatientsEncounter = firstEncounter(client, SandboxEhrFixture.ALLERGIC_PATIENT);
  }

  @AfterAll
  static void stop() throws Exception {
    ehr.stop();
  }

  @Test
  void thePageListsPatientsWithTheirEncountersAndALaunchButtonEach() throws Exception {
    HttpResponse<String> response = get(page);
    assertEquals(200, response.statusCode());
    String html = response.body();
    assertTrue(html.contains("Patient/" + SandboxEhrFixture.PATIENT), "each patient is listed");
    assertTrue(html.contains("href=\"/ehr/launch?patient=" + SandboxEhrFixture.PATIENT + "&amp;encounter="),
        "a launch link for each of the patient's latest encounters");
    assertTrue(html.contains("Launch Signet"));
    assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
  }

  @Test
  void aLaunchSendsTheBrowserToTheAppWithIssAndASignedContext() throws Exception {
    HttpResponse<String> response = get(page + "launch?patient=" + SandboxEhrFixture.PATIENT + "&encounter="
        + encounter);
    assertEquals(302, response.statusCode(), response.body());
    String location = response.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(APP_LAUNCH + "?"), location);
    Map<String, String> params = query(location);
    assertEquals(ehr.fhirBaseUrl(), params.get("iss"));

    SignedJWT launch = SignedJWT.parse(params.get("launch"));
    assertTrue(launch.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8))), "signed with the secret");
    var claims = launch.getJWTClaimsSet();
    assertEquals(SandboxEhrFixture.PATIENT, claims.getStringClaim("patient"));
    assertEquals(encounter, claims.getStringClaim("encounter"));
    assertEquals(ehr.fhirBaseUrl(), claims.getStringClaim("fhir"));
    assertEquals(List.of("signet-smart"), claims.getAudience());
    assertTrue(claims.getExpirationTime().getTime() - System.currentTimeMillis() <= SmartLaunch.LIFETIME.toMillis());
    assertTrue(claims.getJWTID() != null && !claims.getJWTID().isBlank());
  }

  @Test
  void anUnknownPatientOrAnotherPatientsEncounterIsRefused() throws Exception {
    assertEquals(400, get(page + "launch?patient=no-such-patient").statusCode());
    HttpResponse<String> mixed = get(page + "launch?patient=" + SandboxEhrFixture.PATIENT + "&encounter="
        + otherPatientsEncounter);
    assertEquals(400, mixed.statusCode());
    assertTrue(mixed.body().contains("not the patient"), mixed.body());
    assertEquals(400, get(page + "launch").statusCode());
  }

  @Test
  void withoutARegisteredAppThereIsNothingToLaunch() throws Exception {
    try (SandboxEhr bare = SandboxEhr.start(SandboxEhrFixture.seeded())) {
      String barePage = bare.fhirBaseUrl().replaceFirst("/fhir$", "/ehr/");
      assertTrue(get(barePage).body().contains("No SMART app is registered"));
      assertEquals(404, get(barePage + "launch?patient=" + SandboxEhrFixture.PATIENT).statusCode());
    }
  }

  private static String firstEncounter(ca.uhn.fhir.rest.client.api.IGenericClient client, String patient) {
    Bundle found = client.search().forResource(Encounter.class).where(Encounter.PATIENT.hasId(patient)).count(1)
        .returnBundle(Bundle.class).execute();
    return found.getEntryFirstRep().getResource().getIdElement().getIdPart();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> query(String url) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }
}
