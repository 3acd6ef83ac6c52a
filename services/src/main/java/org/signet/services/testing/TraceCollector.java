package org.signet.services.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver for tests ({@code POST /v1/traces}, protobuf): the services started by
 * {@link BackingServices} export their spans here, and a test reads back what arrived, raw (to scan it for a
 * patient's identifiers, as a collector's storage would hold it) and as spans (to follow one trace across
 * services). The OTLP messages are read with protobuf's generic parser by their field numbers
 * (opentelemetry-proto's {@code trace.proto}), so no generated code is needed.
 */
public final class TraceCollector implements AutoCloseable {

    /** One span as exported: {@code kind} is OTLP's (2 server, 3 client, 4 producer, 5 consumer). */
    public record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            int kind, long startNanos) {
    }

    private final HttpServer server;
    private final List<byte[]> payloads = new CopyOnWriteArrayList<>();

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    public static TraceCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            TraceCollector collector = new TraceCollector(server);
            server.createContext("/v1/traces", collector::receive);
            server.setExecutor(Executors.newFixedThreadPool(2, task -> {
                Thread thread = new Thread(task, "trace-collector");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a service's {@code SIGNET_OTLP_ENDPOINT} is set to (with protocol {@code http/protobuf}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            payloads.add(body.readAllBytes());
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** Every export request received so far, as text: protobuf keeps strings as UTF-8 bytes, so a scan finds them. */
    public List<String> rawPayloads() {
        return payloads.stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
    }

    /** Every span received so far, in the order they arrived. */
    public List<CollectedSpan> spans() {
        List<CollectedSpan> spans = new ArrayList<>();
        for (byte[] payload : payloads) {
            try {
                // ExportTraceServiceRequest: 1 resource_spans
                for (ByteString resourceSpans : messages(UnknownFieldSet.parseFrom(payload), 1)) {
                    UnknownFieldSet rs = UnknownFieldSet.parseFrom(resourceSpans);
                    String service = serviceName(rs);
                    // ResourceSpans: 1 resource, 2 scope_spans; ScopeSpans: 2 spans
                    for (ByteString scopeSpans : messages(rs, 2)) {
                        for (ByteString span : messages(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
                            spans.add(span(service, UnknownFieldSet.parseFrom(span)));
                        }
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("an export request that is not OTLP protobuf", e);
            }
        }
        return spans;
    }

    /** Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 7 start_time_unix_nano. */
    private static CollectedSpan span(String service, UnknownFieldSet span) {
        return new CollectedSpan(service, hex(span, 1), hex(span, 2), hex(span, 4), text(span, 5),
                span.hasField(6) ? span.getField(6).getVarintList().get(0).intValue() : 0,
                span.hasField(7) ? span.getField(7).getFixed64List().get(0) : 0);
    }

    /** Resource: 1 attributes (KeyValue: 1 key, 2 value; AnyValue: 1 string_value); the one named service.name. */
    private static String serviceName(UnknownFieldSet resourceSpans) throws InvalidProtocolBufferException {
        for (ByteString resource : messages(resourceSpans, 1)) {
            for (ByteString attribute : messages(UnknownFieldSet.parseFrom(resource), 1)) {
                UnknownFieldSet keyValue = UnknownFieldSet.parseFrom(attribute);
                if ("service.name".equals(text(keyValue, 1))) {
                    for (ByteString value : messages(keyValue, 2)) {
                        return text(UnknownFieldSet.parseFrom(value), 1);
                    }
                }
            }
        }
        return null;
    }

    private static List<ByteString> messages(UnknownFieldSet message, int field) {
        return message.hasField(field) ? message.getField(field).getLengthDelimitedList() : List.of();
    }

    private static String text(UnknownFieldSet message, int field) {
        List<ByteString> values = messages(message, field);
        return values.isEmpty() ? null : values.get(0).toStringUtf8();
    }

    private static String hex(UnknownFieldSet message, int field) {
        List<ByteString> values = messages(message, field);
        return values.isEmpty() || values.get(0).isEmpty() ? null
                : HexFormat.of().formatHex(values.get(0).toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
