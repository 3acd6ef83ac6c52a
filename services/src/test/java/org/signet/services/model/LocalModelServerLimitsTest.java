package org.signet.services.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Queue bound (503) and the optional API key (401), each on a server of its own. */
class LocalModelServerLimitsTest {

    @Test
    void aFullQueueGets503AndTheWaitingRequestIsServedLater() throws Exception {
        try (LocalModelServer server = LocalModelServer.start(TestModel.options().maxQueue(1))) {
            String url = "http://127.0.0.1:" + server.port() + "/v1/chat/completions";
            String body = TestModel.chat("Hello", "\"max_tokens\":4");
            // Hold the model as a long generation would.
            LlamaEngine.Slot held = server.engine().enter();
            CompletableFuture<TestModel.Reply> waiting;
            try {
                waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return TestModel.post(url, body, null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (server.engine().admitted() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(2, server.engine().admitted(), "one generating, one waiting");

                TestModel.Reply refused = TestModel.post(url, body, null);
                assertEquals(503, refused.status(), refused.body());
                assertEquals("server_busy", refused.json().get("error").get("code").asText());
                assertTrue(refused.json().get("error").has("message"));
            } finally {
                held.close();
            }
            assertEquals(200, waiting.get(30, TimeUnit.SECONDS).status());
            // The queue drained: a new request is served.
            assertEquals(200, TestModel.post(url, body, null).status());
        }
    }

    @Test
    void anApiKeyIsRequiredWhenConfigured() throws Exception {
        String key = "sk-local-test";
        try (LocalModelServer server = LocalModelServer.start(TestModel.options().apiKey(key))) {
            String base = "http://127.0.0.1:" + server.port();
            String body = TestModel.chat("Hello", "\"max_tokens\":4");
            TestModel.Reply missing = TestModel.post(base + "/v1/chat/completions", body, null);
            assertEquals(401, missing.status());
            assertEquals("invalid_api_key", missing.json().get("error").get("code").asText());
            assertEquals(401, TestModel.post(base + "/v1/chat/completions", body, "wrong").status());
            assertEquals(401, TestModel.get(base + "/v1/models", "wrong").status());
            assertEquals(200, TestModel.get(base + "/v1/models", key).status());
            assertEquals(200, TestModel.post(base + "/v1/chat/completions", body, key).status());
            // Admin endpoints exist only in test mode (recording on).
            assertEquals(404, TestModel.get(base + "/admin/requests", key).status());
        }
    }
}
