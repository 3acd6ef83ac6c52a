package org.signet.kit;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * The span exporter of a service that was given no OTLP collector ({@code signet.otlp.endpoint} unset): spans are
 * made, so trace contexts travel across REST and Kafka and audit events name their trace, but none leaves the
 * process. While this bean can be looked up, Quarkus does not install its OTLP exporter (which would otherwise try
 * {@code localhost:4317} and log every failure); once the endpoint is set, it cannot, and Quarkus's exporter sends
 * the spans there.
 */
@Singleton
@LookupIfProperty(name = "signet.otlp.endpoint", stringValue = "", lookupIfMissing = true)
public class UnexportedSpans implements SpanExporter {

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
