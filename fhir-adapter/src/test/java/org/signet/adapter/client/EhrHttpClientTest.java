package org.signet.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.Configurable;
import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.Test;

class EhrHttpClientTest {

    /** HAPI's default client checks every pooled connection with a blocking 1 ms read before each request. */
    @Test
    void noStaleCheckPerRequestAndTheConfiguredTimeouts() throws Exception {
        try (CloseableHttpClient client = EhrClient.httpClient(Duration.ofSeconds(3), Duration.ofSeconds(20))) {
            RequestConfig config = ((Configurable) client).getConfig();
            assertFalse(config.isStaleConnectionCheckEnabled());
            assertEquals(3_000, config.getConnectTimeout());
            assertEquals(3_000, config.getConnectionRequestTimeout());
            assertEquals(20_000, config.getSocketTimeout());
        }
    }
}
