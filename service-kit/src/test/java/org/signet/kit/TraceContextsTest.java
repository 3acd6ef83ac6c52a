package org.signet.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

class TraceContextsTest {

    private static final String STORED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aStoredTraceparentComesBackAsTheSameRemoteParent() {
        SpanContext parent = Span.fromContext(TraceContexts.fromTraceparent(STORED)).getSpanContext();
        assertTrue(parent.isValid() && parent.isRemote());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", parent.getTraceId());
        assertEquals("00f067aa0ba902b7", parent.getSpanId());
        try (Scope ignored = TraceContexts.fromTraceparent(STORED).makeCurrent()) {
            assertEquals(STORED, TraceContexts.traceparent(), "and is written back as it was stored");
        }
    }

    @Test
    void noTraceOutsideOneAndNothingFromGarbage() {
        assertNull(TraceContexts.traceparent());
        assertEquals(Context.root(), TraceContexts.fromTraceparent(null));
        assertFalse(Span.fromContext(TraceContexts.fromTraceparent("00-not-a-trace-01")).getSpanContext().isValid());
    }
}
