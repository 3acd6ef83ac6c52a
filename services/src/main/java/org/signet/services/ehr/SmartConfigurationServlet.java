package org.signet.services.ehr;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET [base]/.well-known/smart-configuration}: SMART discovery for Backend Services. Needs no token.
 * Only what the sandbox supports: client_credentials with private_key_jwt, system scopes, v1 and v2 permissions.
 * {@code issuer} and {@code jwks_uri} are left out because the spec ties them to sso-openid-connect, which this
 * server does not offer.
 */
final class SmartConfigurationServlet extends HttpServlet {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String issuer;

  /**
   * @param issuer the authorization server's issuer, or null when authorization is disabled (answers 404)
   */
  SmartConfigurationServlet(String issuer) {
    this.issuer = issuer;
  }

  static Map<String, Object> document(String issuer) {
    List<String> scopes = new ArrayList<>();
    scopes.add("system/*.rs");
    scopes.add("system/*.cu");
    for (String type : SearchParameterRegistry.SUPPORTED_TYPES) {
      scopes.add("system/" + type + ".rs");
      scopes.add("system/" + type + ".cu");
      scopes.add("system/" + type + ".read");
      scopes.add("system/" + type + ".write");
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("token_endpoint", AccessTokenVerifier.tokenEndpoint(issuer));
    doc.put("grant_types_supported", List.of("client_credentials"));
    doc.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
    doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
    doc.put("scopes_supported", scopes);
    doc.put("capabilities", List.of("client-confidential-asymmetric", "permission-v2", "permission-v1"));
    return doc;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (issuer == null) {
      resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
      resp.setContentType("application/fhir+json;charset=utf-8");
      resp.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":"
          + "\"not-found\",\"diagnostics\":\"Authorization is disabled on this sandbox (no issuer configured)\"}]}");
      return;
    }
    resp.setStatus(HttpServletResponse.SC_OK);
    resp.setContentType("application/json;charset=utf-8");
    JSON.writeValue(resp.getOutputStream(), document(issuer));
  }
}
