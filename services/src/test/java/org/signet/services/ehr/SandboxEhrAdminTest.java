package org.signet.services.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxEhrAdminTest {

  private static final String P = SandboxEhrFixture.PATIENT;
  @TempDir
  static Path temp;
  private static SandboxEhr ehr;
  private static String base;
  private static String admin;
  private static Path logFile;

  @BeforeAll
  static void start() throws Exception {
    logFile = temp.resolve("requests.jsonl");
    ehr = SandboxEhr.start(SandboxEhrFixture.seeded().withAdmin(true).withRequestLog(logFile));
    base = ehr.fhirBaseUrl();
    admin = ehr.adminBaseUrl() + "/admin";
  }

  @AfterAll
  static void stop() throws Exception {
    ehr.stop();
  }

  @BeforeEach
  void reset() {
    given().post(admin + "/reset").then().statusCode(204);
  }

  @Test
  void failNextAnswers503WithAnOperationOutcome() {
    given().contentType("application/json").body("{\"failNext\": 2}").post(admin + "/faults").then().statusCode(200)
        .body("failNext", equalTo(2));
    for (int i = 0; i < 2; i++) {
      given().get(base + "/Patient/" + P).then().statusCode(503).body("resourceType", equalTo("OperationOutcome"));
    }
    given().get(base + "/Patient/" + P).then().statusCode(200);
  }

  @Test
  void latencyIsAdded() {
    given().contentType("application/json").body("{\"latencyMs\": 300}").post(admin + "/faults").then()
        .statusCode(200);
    long start = System.nanoTime();
    given().get(base + "/Patient/" + P).then().statusCode(200);
    assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
    given().delete(admin + "/faults").then().statusCode(200).body("latencyMs", equalTo(0));
  }

  @Test
  void refuseConnectionsClosesTheFhirPortButNotTheAdminPort() throws Exception {
    given().contentType("application/json").body("{\"refuseConnections\": true}").post(admin + "/faults")
        .then().statusCode(200).body("refuseConnections", equalTo(true));
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", ehr.port()).close());
    given().get(admin + "/faults").then().statusCode(200);
    given().contentType("application/json").body("{\"refuseConnections\": false}").post(admin + "/faults")
        .then().statusCode(200);
    given().get(base + "/Patient/" + P).then().statusCode(200);
  }

  @Test
  void requestLogRecordsEveryFhirRequestInMemoryAndInTheFile() throws IOException {
    given().get(base + "/Consent?patient=" + P).then().statusCode(200);
    given().get(base + "/Patient/nope").then().statusCode(404);
    // the filter records a request once the server has sent its response, so the client may ask a moment earlier
    List<String> paths = List.of();
    for (long deadline = System.nanoTime() + 5_000_000_000L; paths.size() < 2 && System.nanoTime() < deadline; ) {
      paths = given().get(admin + "/requests").then().statusCode(200).extract().jsonPath().getList("path");
    }
    assertEquals(List.of("/fhir/Consent?patient=" + P, "/fhir/Patient/nope"), paths);
    List<Integer> statuses = given().get(admin + "/requests").then().extract().jsonPath().getList("status");
    assertEquals(List.of(200, 404), statuses);
    String file = Files.readString(logFile);
    assertTrue(file.contains("\"path\":\"/fhir/Consent?patient=" + P + "\""), file);
    given().delete(admin + "/requests").then().statusCode(204);
    assertEquals(0, given().get(admin + "/requests").then().extract().jsonPath().getList("$").size());
  }

  @Test
  void resetRestoresTheSeed() {
    int before = given().get(base + "/Patient?_summary=count").then().extract().jsonPath().getInt("total");
    String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:t\",\"value\":\"reset\"}]}";
    given().contentType("application/fhir+json").body(body).post(base + "/Patient").then().statusCode(201);
    assertEquals(before + 1, given().get(base + "/Patient?_summary=count").then().extract().jsonPath()
        .getInt("total"));
    given().post(admin + "/reset").then().statusCode(204);
    assertEquals(before, given().get(base + "/Patient?_summary=count").then().extract().jsonPath().getInt("total"));
  }

  @Test
  void adminIsOffUnlessEnabled() throws Exception {
    try (SandboxEhr plain = SandboxEhr.start(SandboxEhr.Options.defaults())) {
      assertEquals(-1, plain.adminPort());
      given().post("http://127.0.0.1:" + plain.port() + "/admin/reset").then()
          .statusCode(org.hamcrest.Matchers.oneOf(404, 405));
      given().get("http://127.0.0.1:" + plain.port() + "/admin/requests").then().statusCode(404);
    }
  }
}
