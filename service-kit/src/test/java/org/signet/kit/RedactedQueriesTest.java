package org.signet.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactedQueriesTest {

    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    @Test
    void anExportedSpanKeepsTheParameterNamesButNoValue() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        List<SpanData> spans;
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
            spans = exported.getFinishedSpanItems(); // closing the provider shuts the exporter down, which empties it
        }
        SpanData server = spans.get(0);
        assertEquals("identifier=REDACTED&purpose=REDACTED", server.getAttributes().get(URL_QUERY));
        assertEquals("/v1/consent/patient", server.getAttributes().get(URL_PATH));
        assertEquals("http://ehr.example/fhir/Patient?identifier=REDACTED",
                spans.get(1).getAttributes().get(URL_FULL));
        spans.forEach(span -> assertFalse(span.getAttributes().toString().contains("MRN-4711")));
    }

    @Test
    void freeTextWhereANameBelongsIsRedactedToo() {
        assertEquals("REDACTED&code=REDACTED&flag", RedactedQueries.redactQuery("Jane Doe 1970&code=abc&flag"));
        assertEquals("", RedactedQueries.redactQuery(""));
        assertEquals("https://signet.example/launch", RedactedQueries.redactUrl("https://signet.example/launch"));
        assertEquals("https://signet.example/launch?", RedactedQueries.redactUrl("https://signet.example/launch?"));
    }
}
