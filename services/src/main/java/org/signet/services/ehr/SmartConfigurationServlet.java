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
 * {@code GET [base]/.well-known/smart-configuration}: SMART discovery. Needs no token. What realm {@code ehr} offers:
 * Backend Services (client_credentials with private_key_jwt, system scopes) and EHR launch of a confidential app with
 * a client secret (authorization_code with PKCE S256, {@code launch}, {@code openid fhirUser}, patient scopes), its
 * token response carrying the launch's patient and encounter; and standalone launch ({@code launch/patient}), whose
 * patient the sandbox's picker ({@code /ehr/pick}) chooses.
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
    List<String> scopes = new ArrayList<>(List.of("openid", "fhirUser", "launch", "launch/patient",
        "patient/Patient.rs", "patient/Encounter.rs"));
    scopes.add("system/*.rs");
    scopes.add("system/*.cu");
    for (String type : SearchParameterRegistry.SUPPORTED_TYPES) {
      scopes.add("system/" + type + ".rs");
      scopes.add("system/" + type + ".cu");
      scopes.add("system/" + type + ".read");
      scopes.add("system/" + type + ".write");
    }
    String oidc = stripSlash(issuer) + "/protocol/openid-connect";
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", stripSlash(issuer));
    doc.put("jwks_uri", oidc + "/certs");
    doc.put("authorization_endpoint", oidc + "/auth");
    doc.put("token_endpoint", AccessTokenVerifier.tokenEndpoint(issuer));
    doc.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
    doc.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt", "client_secret_basic"));
    doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
    doc.put("scopes_supported", scopes);
    doc.put("response_types_supported", List.of("code"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put("capabilities", List.of("launch-ehr", "launch-standalone", "client-confidential-symmetric",
        "client-confidential-asymmetric", "context-ehr-patient", "context-ehr-encounter",
        "context-standalone-patient", "sso-openid-connect", "permission-v2", "permission-v1"));
    return doc;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
