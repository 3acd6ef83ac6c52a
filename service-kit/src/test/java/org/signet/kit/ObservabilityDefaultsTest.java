package org.signet.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.arc.lookup.LookupIfProperty;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The defaults every service inherits: JSON log lines in the prod profile only, spans kept in the process until an
 * OTLP collector is named, and no request path the caller typed used as a metric label.
 */
class ObservabilityDefaultsTest {

    private static Properties defaults() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ObservabilityDefaultsTest.class
                .getResourceAsStream("/META-INF/microprofile-config.properties")) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void jsonLogsInProdOnly() throws IOException {
        Properties properties = defaults();
        assertEquals("true", properties.getProperty("%prod.quarkus.log.console.json.enabled"));
        assertEquals("false", properties.getProperty("quarkus.log.console.json.enabled"));
    }

    @Test
    void spansStayInTheProcessUntilACollectorIsNamed() throws IOException {
        LookupIfProperty gate = UnexportedSpans.class.getAnnotation(LookupIfProperty.class);
        assertNotNull(gate, "UnexportedSpans steps aside once signet.otlp.endpoint is set");
        assertEquals("signet.otlp.endpoint", gate.name());
        assertEquals(true, gate.lookupIfMissing());
        assertEquals("${signet.otlp.endpoint:http://localhost:4317}",
                defaults().getProperty("quarkus.otel.exporter.otlp.endpoint"));
    }

    @Test
    void refusedRequestsAreNotLabelledWithTheirPath() throws IOException {
        assertEquals("true", defaults().getProperty("quarkus.micrometer.binder.http-server.suppress4xx-errors"));
    }
}
