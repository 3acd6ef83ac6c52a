package org.signet.kit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * A trace context kept with stored work, as a W3C {@code traceparent}: work done later (an outbox record relayed by
 * a scheduler, a signature hours after the draft) continues the trace it belongs to instead of starting its own.
 */
public final class TraceContexts {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> ONE_HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContexts() {}

    /** The current trace's id, or null outside any trace. */
    public static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /** The current span as a {@code traceparent}, or null outside any trace. */
    public static String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid()
                ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    /** The context a stored {@code traceparent} names, as a remote parent; the root context for null or garbage. */
    public static Context fromTraceparent(String traceparent) {
        return traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, ONE_HEADER);
    }
}
