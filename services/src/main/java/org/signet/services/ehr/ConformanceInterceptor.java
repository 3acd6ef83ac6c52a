package org.signet.services.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Makes the HAPI plain server as strict, and its CapabilityStatement as exact, as a production EHR:
 * <ul>
 *   <li>search: unknown {@code _} parameters and unsupported modifiers are a 400 (HAPI ignores them);</li>
 *   <li>writes: the body must parse strictly (unknown elements, wrong JSON types, bad values are a 400; HAPI's
 *       default parser only logs them), without changing the process-wide {@code FhirContext};</li>
 *   <li>the CapabilityStatement states what the store really does: no update-as-create, conditional create only,
 *       versioned updates with If-Match, no history, no _include, and the SMART security service.</li>
 * </ul>
 */
@Interceptor
public final class ConformanceInterceptor {

  private final FhirContext ctx;
  private final String issuer;

  /**
   * @param issuer the authorization server's issuer, or null when authorization is disabled
   */
  public ConformanceInterceptor(FhirContext ctx, String issuer) {
    this.ctx = ctx;
    this.issuer = issuer;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void checkRequest(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation == RestOperationTypeEnum.SEARCH_TYPE) {
      for (String name : request.getParameters().keySet()) {
        SearchStrictness.checkParameterName(request.getResourceName(), name, true);
      }
    }
    if (operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE
        || operation == RestOperationTypeEnum.TRANSACTION) {
      parseStrictly(request);
    }
  }

  private void parseStrictly(RequestDetails request) {
    String body = new String(request.loadRequestContents(), StandardCharsets.UTF_8);
    EncodingEnum encoding = EncodingEnum.forContentType(request.getHeader("Content-Type"));
    if (encoding == null) {
      encoding = EncodingEnum.detectEncoding(body);
    }
    try {
      encoding.newParser(ctx).setParserErrorHandler(new StrictErrorHandler()).parseResource(body);
    } catch (DataFormatException e) {
      throw new InvalidRequestException("The request body is not a valid FHIR R4 resource: " + e.getMessage());
    }
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void describe(IBaseConformance generated) {
    CapabilityStatement cs = (CapabilityStatement) generated;
    cs.getSoftware().setName("Signet sandbox EHR");
    cs.getImplementation().setDescription("Signet sandbox EHR: in-memory FHIR R4 server with synthetic patients, "
        + "for tests and the local stack only");
    for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
      // HAPI lists OperationDefinition for its operation definitions; this server defines no operations.
      rest.getResource().removeIf(r -> !SearchParameterRegistry.isSupportedType(r.getType()));
      for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
        resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
        resource.setReadHistory(false);
        resource.setUpdateCreate(false);
        resource.setConditionalCreate(true);
        resource.setConditionalUpdate(false);
        resource.setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED);
        resource.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
        resource.getSearchInclude().clear();
        resource.getSearchRevInclude().clear();
        resource.getReferencePolicy().clear();
        resource.addReferencePolicy(CapabilityStatement.ReferenceHandlingPolicy.LOCAL);
        resource.addReferencePolicy(CapabilityStatement.ReferenceHandlingPolicy.ENFORCED);
      }
      if (issuer != null) {
        CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
        security.setCors(false);
        security.addService().addCoding()
            .setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service").setCode("SMART-on-FHIR");
        Extension oauth = security.addExtension()
            .setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        oauth.addExtension("token", new UriType(AccessTokenVerifier.tokenEndpoint(issuer)));
        security.setDescription("SMART Backend Services: Bearer tokens from " + issuer + " with system/ scopes");
      }
    }
  }
}
