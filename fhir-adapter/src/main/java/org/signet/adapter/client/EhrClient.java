package org.signet.adapter.client;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.signet.adapter.config.AdapterConfig;

/**
 * Every call to the EHR goes through here: a HAPI {@link IGenericClient} with a SMART Backend Services bearer token
 * for exactly the scopes the call needs. A 401 refreshes the token once; a second 401 fails as
 * {@link EhrException.Kind#CREDENTIALS_REFUSED}. HAPI's client blocks: call this on a worker thread only.
 */
@ApplicationScoped
public class EhrClient {

    private final FhirContext fhir;
    private final SmartTokenProvider tokens;
    private final String baseUrl;

    public EhrClient(AdapterConfig config, SmartTokenProvider tokens) {
        this.fhir = FhirContext.forR4Cached();
        this.tokens = tokens;
        this.baseUrl = config.ehr().baseUrl();
        var factory = fhir.getRestfulClientFactory();
        // No CapabilityStatement fetch before each client's first call: the adapter relies on explicit config.
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout((int) config.ehr().connectTimeout().toMillis());
        factory.setSocketTimeout((int) config.ehr().readTimeout().toMillis());
        factory.setConnectionRequestTimeout((int) config.ehr().connectTimeout().toMillis());
    }

    public FhirContext fhir() {
        return fhir;
    }

    /** Runs {@code call} with a client authorised for {@code scopes}; failures are {@link EhrException}s. */
    public <T> T call(Set<String> scopes, Function<IGenericClient, T> call) {
        try {
            try {
                return call.apply(client(tokens.accessToken(scopes)));
            } catch (AuthenticationException e) {
                tokens.invalidate(scopes);
                try {
                    return call.apply(client(tokens.accessToken(scopes)));
                } catch (AuthenticationException again) {
                    throw new EhrException(EhrException.Kind.CREDENTIALS_REFUSED, 401,
                            "the EHR refused fhir-adapter's access token twice (401)", again);
                }
            }
        } catch (FhirClientConnectionException e) {
            throw new EhrException(EhrException.Kind.UNAVAILABLE, 0, "the EHR is unreachable ("
                    + (e.getCause() == null ? "connection" : e.getCause().getClass().getSimpleName()) + ")", e);
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            boolean retryable = status >= 500 || status == 408 || status == 429 || status == 0;
            throw new EhrException(retryable ? EhrException.Kind.UNAVAILABLE
                    : status == 403 ? EhrException.Kind.CREDENTIALS_REFUSED : EhrException.Kind.REJECTED, status,
                    "the EHR answered " + status + outcomeSummary(e.getOperationOutcome()), e);
        }
    }

    private IGenericClient client(String accessToken) {
        IGenericClient client = fhir.newRestfulGenericClient(baseUrl);
        client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        return client;
    }

    /**
     * The OperationOutcome's issues as codes, paths and diagnostics with every quoted value elided: servers quote
     * submitted content in diagnostics, and that content may be PHI.
     */
    static String outcomeSummary(IBaseOperationOutcome outcome) {
        if (!(outcome instanceof OperationOutcome oo) || oo.getIssue().isEmpty()) {
            return "";
        }
        String issues = oo.getIssue().stream().map(issue -> {
            String code = issue.getCode() == null ? "?" : issue.getCode().toCode();
            String where = issue.getExpression().isEmpty() ? "" : " at " + issue.getExpression().get(0).getValue();
            String diagnostics = issue.hasDiagnostics() ? ": " + elideQuoted(issue.getDiagnostics()) : "";
            return code + where + diagnostics;
        }).collect(Collectors.joining("; "));
        String text = ": " + issues;
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }

    static String elideQuoted(String text) {
        return text.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
    }
}
