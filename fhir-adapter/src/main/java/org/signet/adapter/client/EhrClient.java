package org.signet.adapter.client;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.jboss.logging.Logger;
import org.signet.adapter.config.AdapterConfig;

/**
 * Every call to the EHR goes through here: a HAPI {@link IGenericClient} with a SMART Backend Services bearer token
 * for exactly the scopes the call needs. A 401 refreshes the token once; a second 401 fails as
 * {@link EhrException.Kind#CREDENTIALS_REFUSED}. HAPI's client blocks: call this on a worker thread only.
 */
@ApplicationScoped
public class EhrClient {

    /** Connections to the EHR: a context request runs up to 16 searches side by side (ContextService). */
    static final int POOL_SIZE = 20;

    private final FhirContext fhir;
    private final SmartTokenProvider tokens;
    private final String baseUrl;
    private final boolean open;
    private final Tracer tracer;
    private final EhrTracing tracing;

    public EhrClient(AdapterConfig config, SmartTokenProvider tokens, OpenTelemetry telemetry) {
        this.fhir = FhirContext.forR4Cached();
        this.tokens = tokens;
        this.tracer = telemetry.getTracer("org.signet.adapter.ehr");
        this.tracing = new EhrTracing(telemetry, config.ehr().baseUrl());
        this.baseUrl = config.ehr().baseUrl();
        this.open = config.ehr().auth() == AdapterConfig.EhrAuth.NONE;
        if (open) {
            Logger.getLogger(EhrClient.class).warnf("signet.adapter.ehr.auth=none: %s is called without any "
                    + "credentials (an open test server only)", baseUrl);
        }
        var factory = fhir.getRestfulClientFactory();
        // No CapabilityStatement fetch before each client's first call: the adapter relies on explicit config.
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setHttpClient(httpClient(config.ehr().connectTimeout(), config.ehr().readTimeout()));
    }

    /**
     * HAPI's own Apache client turns on the per-request stale-connection check, which blocks every request on a
     * 1 ms read of its pooled connection (more on an idle machine): a draft's context makes nine such requests,
     * three of them one after another. This pool checks a connection only after it sat unused for two seconds,
     * as HttpClient recommends instead; the timeouts are the configured ones.
     */
    static CloseableHttpClient httpClient(Duration connectTimeout, Duration readTimeout) {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(5, TimeUnit.MINUTES);
        pool.setMaxTotal(POOL_SIZE);
        pool.setDefaultMaxPerRoute(POOL_SIZE);
        pool.setValidateAfterInactivity(2_000);
        int connect = (int) connectTimeout.toMillis();
        RequestConfig requests = RequestConfig.custom().setConnectTimeout(connect)
                .setConnectionRequestTimeout(connect)
                .setSocketTimeout((int) readTimeout.toMillis()).build();
        return HttpClients.custom().useSystemProperties().setConnectionManager(pool)
                .setDefaultRequestConfig(requests).disableCookieManagement().evictExpiredConnections().build();
    }

    public FhirContext fhir() {
        return fhir;
    }

    /**
     * Runs {@code call} with a client authorised for {@code scopes}; failures are {@link EhrException}s. The call is
     * one client span of the current trace, named after its requests ({@link EhrTracing}).
     */
    public <T> T call(Set<String> scopes, Function<IGenericClient, T> call) {
        return inSpan(() -> authorised(scopes, call));
    }

    /** Runs {@code calls} as one client span of the current trace, which {@link EhrTracing} names. */
    private <T> T inSpan(Supplier<T> calls) {
        Span span = tracer.spanBuilder("EHR").setSpanKind(SpanKind.CLIENT).startSpan();
        try (Scope ignored = EhrTracing.current(span).makeCurrent()) {
            return calls.get();
        } catch (EhrException e) {
            span.setStatus(StatusCode.ERROR, e.kind().name());
            throw e;
        } finally {
            span.end();
        }
    }

    private <T> T authorised(Set<String> scopes, Function<IGenericClient, T> call) {
        try {
            if (open) {
                return call.apply(client(null));
            }
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

    /** A client for the EHR, with the access token as bearer (none for an open server). */
    private IGenericClient client(String accessToken) {
        IGenericClient client = fhir.newRestfulGenericClient(baseUrl);
        client.registerInterceptor(tracing);
        if (accessToken != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        }
        return client;
    }

    /**
     * The EHR's CapabilityStatement ({@code GET [base]/metadata}, which needs no token). Failures are
     * {@link EhrException}s.
     */
    public CapabilityStatement capabilities() {
        return inSpan(() -> {
            try {
                return client(null).capabilities().ofType(CapabilityStatement.class).execute();
            } catch (FhirClientConnectionException e) {
                throw new EhrException(EhrException.Kind.UNAVAILABLE, 0, "the EHR is unreachable", e);
            } catch (BaseServerResponseException e) {
                throw new EhrException(EhrException.Kind.UNAVAILABLE, e.getStatusCode(),
                        "the EHR's metadata answered " + e.getStatusCode(), e);
            }
        });
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
