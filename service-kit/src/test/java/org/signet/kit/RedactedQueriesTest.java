package org.signet.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RedactedQueriesTest {

    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    /** What an exporter is handed, kept in memory. */
    private static final class Exported implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
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

    @Test
    void anExportedSpanKeepsTheParameterNamesButNoValue() {
        Exported exported = new Exported();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(new RedactedQueries())
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()) {
            // as the HTTP instrumentation starts a span: the request's attributes are set before it starts
            tracing.get("test").spanBuilder("GET /v1/consent/patient").setSpanKind(SpanKind.SERVER)
                    .setAttribute(URL_PATH, "/v1/consent/patient")
                    .setAttribute(URL_QUERY, "identifier=MRN-4711&purpose=drafting")
                    .startSpan().end();
            tracing.get("test").spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
                    .setAttribute(URL_FULL, "http://ehr.example/fhir/Patient?identifier=MRN-4711#top")
                    .startSpan().end();
        }
        SpanData server = exported.spans.get(0);
        assertEquals("identifier=REDACTED&purpose=REDACTED", server.getAttributes().get(URL_QUERY));
        assertEquals("/v1/consent/patient", server.getAttributes().get(URL_PATH));
        assertEquals("http://ehr.example/fhir/Patient?identifier=REDACTED",
                exported.spans.get(1).getAttributes().get(URL_FULL));
        exported.spans.forEach(span -> assertFalse(span.getAttributes().toString().contains("MRN-4711")));
    }

    @Test
    void freeTextWhereANameBelongsIsRedactedToo() {
        assertEquals("REDACTED&code=REDACTED&flag", RedactedQueries.redactQuery("Jane Doe 1970&code=abc&flag"));
        assertEquals("", RedactedQueries.redactQuery(""));
        assertEquals("https://signet.example/launch", RedactedQueries.redactUrl("https://signet.example/launch"));
        assertEquals("https://signet.example/launch?", RedactedQueries.redactUrl("https://signet.example/launch?"));
    }
}
