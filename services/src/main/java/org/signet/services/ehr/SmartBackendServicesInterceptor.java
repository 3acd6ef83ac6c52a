package org.signet.services.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/**
 * SMART authorization on the FHIR endpoint: a valid Bearer token on every request except the CapabilityStatement,
 * and system scopes that permit each interaction on each type (read r, search s, create c, update u; a transaction
 * needs the permission of every entry); or, for a user token from a SMART launch, {@code patient/} scopes that permit
 * reads and searches confined to the launch's patient only.
 *
 * <p>A plain interceptor rather than an {@code AuthorizationInterceptor} subclass: that class's rule DSL is built
 * around compartments and instances and answers 403 for everything, whereas SMART needs 401 with
 * {@code WWW-Authenticate} for a bad token and 403 with {@code insufficient_scope} for a missing scope, and a scope
 * check per type and interaction is a few lines here. Authentication runs before HAPI looks at the request
 * ({@code SERVER_INCOMING_REQUEST_PRE_PROCESSED}), so nothing about it is evaluated for an anonymous caller;
 * authorisation runs once HAPI knows the interaction ({@code SERVER_INCOMING_REQUEST_PRE_HANDLED}).
 */
@Interceptor
public final class SmartBackendServicesInterceptor {

  static final String REALM = "signet-sandbox-ehr";
  private static final String SCOPES = SmartBackendServicesInterceptor.class.getName() + ".scopes";

  private final AccessTokenVerifier verifier;
  private final FhirContext ctx;
  private final Supplier<IPagingProvider> pagingProvider;

  public SmartBackendServicesInterceptor(AccessTokenVerifier verifier, FhirContext ctx,
      Supplier<IPagingProvider> pagingProvider) {
    this.verifier = verifier;
    this.ctx = ctx;
    this.pagingProvider = pagingProvider;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
  public boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
    if (isCapabilityStatementRequest(request)) {
      return true;
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw unauthorized(null, "A Bearer access token is required (SMART Backend Services)");
    }
    try {
      var claims = verifier.verify(header.substring(7).trim());
      request.setAttribute(SCOPES, SmartScopes.parse(claims.getStringClaim("scope"), claims.getStringClaim("patient")));
    } catch (AccessTokenVerifier.InvalidTokenException e) {
      throw unauthorized("invalid_token", e.getMessage());
    } catch (ParseException e) {
      throw unauthorized("invalid_token", "The scope claim is not a string");
    }
    return true;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void authorize(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation == RestOperationTypeEnum.METADATA) {
      return;
    }
    SmartScopes scopes = request instanceof ServletRequestDetails servlet
        ? (SmartScopes) servlet.getServletRequest().getAttribute(SCOPES) : null;
    if (scopes == null) {
      throw unauthorized(null, "A Bearer access token is required (SMART Backend Services)");
    }
    String type = request.getResourceName();
    if (permittedOnOwnPatient(request, operation, scopes, type)) {
      return;
    }
    switch (operation) {
      case READ, VREAD -> require(scopes, type, 'r');
      case SEARCH_TYPE -> require(scopes, type, 's');
      case CREATE -> require(scopes, type, 'c');
      case UPDATE -> require(scopes, type, 'u');
      case GET_PAGE -> {
        String pagedType = pagedType(request);
        if (pagedType != null) { // null: the page has expired, and HAPI answers 410 without showing anything
          require(scopes, pagedType, 's');
        }
      }
      case TRANSACTION -> {
        for (String[] needed : transactionNeeds(request)) {
          require(scopes, needed[0], needed[1].charAt(0));
        }
      }
      default -> throw forbidden(null, "Interaction " + operation.getCode() + " is not permitted to backend clients");
    }
  }

  /**
   * A user token from a SMART launch ({@code patient/} scopes and a {@code patient} claim) reads only within its
   * patient: {@code Patient/<its id>}, and searches confined to it ({@code Patient?_id=<id>}, or
   * {@code <Type>?patient=<id>}). Anything else falls through to the system-scope check, which such a token fails.
   */
  private static boolean permittedOnOwnPatient(RequestDetails request, RestOperationTypeEnum operation,
      SmartScopes scopes, String type) {
    String patient = scopes.patient();
    if (patient == null || type == null) {
      return false;
    }
    return switch (operation) {
      case READ, VREAD -> "Patient".equals(type) && request.getId() != null
          && patient.equals(request.getId().getIdPart()) && scopes.permitsOnOwnPatient(type, 'r');
      case SEARCH_TYPE -> scopes.permitsOnOwnPatient(type, 's') && confinedTo(request, type, patient);
      default -> false;
    };
  }

  /** Whether a search names exactly the patient, through the one parameter that binds its compartment. */
  private static boolean confinedTo(RequestDetails request, String type, String patient) {
    String param = "Patient".equals(type) ? "_id" : "patient";
    String[] values = request.getParameters().get(param);
    if (values == null || values.length != 1) {
      return false;
    }
    String value = values[0];
    if (!"Patient".equals(type) && value.startsWith("Patient/")) {
      value = value.substring("Patient/".length());
    }
    // "subject" could name another patient beside it: a confined search names the patient one way only
    return patient.equals(value) && !request.getParameters().containsKey("subject");
  }

  /** {@code GET [base]/metadata} and {@code OPTIONS [base]} answer the CapabilityStatement, which is public. */
  private static boolean isCapabilityStatementRequest(HttpServletRequest request) {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    return path.equals("/metadata") || (request.getMethod().equals("OPTIONS") && (path.isEmpty() || path.equals("/")));
  }

  private void require(SmartScopes scopes, String type, char permission) {
    if (type == null || !scopes.permits(type, permission)) {
      String needed = SmartScopes.required(type == null ? "*" : type, permission);
      throw forbidden(needed, "The access token's scopes " + scopes + " do not permit this interaction; it needs "
          + needed + " (or an equivalent v1 scope)");
    }
  }

  private String pagedType(RequestDetails request) {
    String[] pageId = request.getParameters().get("_getpages");
    if (pageId == null || pageId.length == 0 || pagingProvider.get() == null) {
      return null;
    }
    IBundleProvider results = pagingProvider.get().retrieveResultList(request, pageId[0]);
    return results instanceof StoreBackedProvider.SearchResults s ? s.resourceType() : null;
  }

  /** [type, permission] per entry, read from the request body (HAPI has not necessarily parsed it yet). */
  private List<String[]> transactionNeeds(RequestDetails request) {
    Bundle bundle;
    try {
      String body = new String(request.loadRequestContents(), StandardCharsets.UTF_8);
      EncodingEnum encoding = EncodingEnum.forContentType(request.getHeader("Content-Type"));
      bundle = (encoding == null ? EncodingEnum.detectEncoding(body) : encoding).newParser(ctx)
          .parseResource(Bundle.class, body);
    } catch (RuntimeException e) {
      return List.of(); // HAPI answers the unparseable body with a 400 itself
    }
    List<String[]> needs = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Bundle.HTTPVerb method = entry.getRequest().getMethod();
      String type = entry.hasResource() ? entry.getResource().fhirType()
          : new IdType(entry.getRequest().getUrl() == null ? "" : entry.getRequest().getUrl()).getResourceType();
      if (type == null && entry.getRequest().hasUrl()) {
        type = entry.getRequest().getUrl().split("[/?]")[0];
      }
      String permission = method == null ? "c" : switch (method) {
        case POST -> "c";
        case PUT, PATCH -> "u";
        case DELETE -> "d";
        case GET, HEAD -> entry.getRequest().getUrl() != null && entry.getRequest().getUrl().contains("/") ? "r" : "s";
        default -> "c";
      };
      needs.add(new String[] {type, permission});
    }
    return needs;
  }

  private static AuthenticationException unauthorized(String error, String description) {
    AuthenticationException e = new AuthenticationException(description);
    StringBuilder challenge = new StringBuilder("Bearer realm=\"" + REALM + "\"");
    if (error != null) {
      challenge.append(", error=\"").append(error).append("\", error_description=\"")
          .append(description.replace("\"", "'")).append('"');
    }
    e.addResponseHeader("WWW-Authenticate", challenge.toString());
    return e;
  }

  private static ForbiddenOperationException forbidden(String scope, String description) {
    ForbiddenOperationException e = new ForbiddenOperationException(description);
    e.addResponseHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\""
        + (scope == null ? "" : ", scope=\"" + scope + "\""));
    return e;
  }
}
