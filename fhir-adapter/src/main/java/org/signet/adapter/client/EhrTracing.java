package org.signet.adapter.client;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.net.URI;

/**
 * HAPI's client is not one OpenTelemetry instruments: this interceptor names the EHR span of the current call
 * ({@link EhrClient} opens one per call) after each request ("EHR GET DocumentReference": the verb and the resource
 * type, never the query, which names patients) and sends the trace on to the EHR ({@code traceparent}), so an EHR
 * that traces joins the note's trace.
 */
final class EhrTracing implements IClientInterceptor {

    /** The EHR span {@link EhrClient} opened around the current call: the only span this interceptor names. */
    private static final ContextKey<Span> EHR_SPAN = ContextKey.named("signet-ehr-span");

    private final OpenTelemetry telemetry;
    private final String baseUrl;

    EhrTracing(OpenTelemetry telemetry, String baseUrl) {
        this.telemetry = telemetry;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    /** The current context with {@code span} current, marked as the EHR call's span. */
    static Context current(Span span) {
        return Context.current().with(span).with(EHR_SPAN, span);
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        Span span = Context.current().get(EHR_SPAN);
        if (span != null) {
            span.updateName("EHR " + request.getHttpVerbName() + resourceType(request.getUri()));
            span.setAttribute("http.request.method", request.getHttpVerbName());
        }
        telemetry.getPropagators().getTextMapPropagator().inject(Context.current(), request,
                (carrier, key, value) -> carrier.addHeader(key, value));
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        Span span = Context.current().get(EHR_SPAN);
        if (span != null) {
            span.setAttribute("http.response.status_code", (long) response.getStatus());
        }
    }

    /** " DocumentReference" for {@code [base]/DocumentReference?...}; "" for the base itself (a transaction). */
    String resourceType(String uri) {
        String path = uri.startsWith(baseUrl) ? uri.substring(baseUrl.length()) : URI.create(uri).getPath();
        int end = path.length();
        for (char stop : new char[] {'/', '?', '#', '_'}) {
            int at = path.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String type = path.substring(0, end);
        return type.isEmpty() || !Character.isUpperCase(type.charAt(0)) ? "" : " " + type;
    }
}
