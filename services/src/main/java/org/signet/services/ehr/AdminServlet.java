package org.signet.services.ehr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Test controls, only when enabled ({@code --enable-reset}):
 * <ul>
 *   <li>{@code POST /admin/reset}: restore the seed data, clear faults and the request log (204);</li>
 *   <li>{@code GET|POST|DELETE /admin/faults}: show, set ({@code {"failNext":N,"latencyMs":M,
 *       "refuseConnections":true|false}}, any subset) or clear the faults;</li>
 *   <li>{@code GET|DELETE /admin/requests}: the FHIR requests answered so far, or forget them;</li>
 *   <li>{@code POST /admin/load}: a FHIR transaction Bundle of test data (canary patients, Consents), applied
 *       with the same validation as {@code POST /fhir} but without a token; answers the transaction-response.</li>
 * </ul>
 */
final class AdminServlet extends HttpServlet {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ResourceStore store;
  private final SandboxFhirService service;
  private final FaultSwitch faults;
  private final RequestLog log;

  AdminServlet(ResourceStore store, SandboxFhirService service, FaultSwitch faults, RequestLog log) {
    this.store = store;
    this.service = service;
    this.faults = faults;
    this.log = log;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    switch (path(req)) {
      case "/faults" -> json(resp, 200, faults.state());
      case "/requests" -> json(resp, 200, log.entries());
      default -> json(resp, 404, Map.of("error", "no such admin endpoint"));
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    switch (path(req)) {
      case "/reset" -> {
        store.resetToSeed();
        faults.clear();
        log.clear();
        resp.setStatus(204);
      }
      case "/load" -> {
        org.hl7.fhir.r4.model.Bundle bundle;
        try {
          bundle = service.fhirContext().newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class,
              req.getInputStream());
        } catch (RuntimeException e) {
          json(resp, 400, Map.of("error", "body is not a FHIR Bundle"));
          return;
        }
        try {
          org.hl7.fhir.r4.model.Bundle response = service.transaction(bundle);
          resp.setStatus(200);
          resp.setContentType("application/fhir+json;charset=utf-8");
          resp.getWriter().write(service.fhirContext().newJsonParser().encodeResourceToString(response));
        } catch (ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException e) {
          json(resp, e.getStatusCode(), Map.of("error", e.getMessage()));
        }
      }
      case "/faults" -> {
        JsonNode body;
        try {
          body = JSON.readTree(req.getInputStream());
        } catch (IOException e) {
          json(resp, 400, Map.of("error", "body is not JSON"));
          return;
        }
        if (body == null || !body.isObject()) {
          json(resp, 400, Map.of("error", "expected a JSON object"));
          return;
        }
        if (body.has("failNext")) {
          faults.setFailNext(body.get("failNext").asInt());
        }
        if (body.has("latencyMs")) {
          faults.setLatencyMs(body.get("latencyMs").asLong());
        }
        if (body.has("refuseConnections")) {
          faults.setRefuseConnections(body.get("refuseConnections").asBoolean());
        }
        json(resp, 200, faults.state());
      }
      default -> json(resp, 404, Map.of("error", "no such admin endpoint"));
    }
  }

  @Override
  protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    switch (path(req)) {
      case "/faults" -> {
        faults.clear();
        json(resp, 200, faults.state());
      }
      case "/requests" -> {
        log.clear();
        resp.setStatus(204);
      }
      default -> json(resp, 404, Map.of("error", "no such admin endpoint"));
    }
  }

  private static String path(HttpServletRequest req) {
    return req.getPathInfo() == null ? "" : req.getPathInfo();
  }

  private static void json(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json;charset=utf-8");
    JSON.writeValue(resp.getOutputStream(), body);
  }
}
