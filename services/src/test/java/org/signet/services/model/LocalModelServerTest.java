package org.signet.services.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.services.process.RunDirectory;

/** The OpenAI-compatible protocol of {@link LocalModelServer} over the real tiny model. Never asserts wording. */
class LocalModelServerTest {

    private static LocalModelServer server;
    private static Path recordFile;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        recordFile = RunDirectory.forTests().dir("local-model").resolve("requests.jsonl");
        server = LocalModelServer.start(TestModel.options().recordRequests(recordFile));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static TestModel.Reply complete(String body) throws Exception {
        return TestModel.post(base + "/v1/chat/completions", body, null);
    }

    @Test
    void listsTheOneModel() throws Exception {
        TestModel.Reply reply = TestModel.get(base + "/v1/models", null);
        assertEquals(200, reply.status());
        assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
        JsonNode list = reply.json();
        assertEquals("list", list.get("object").asText());
        assertEquals(1, list.get("data").size());
        JsonNode model = list.get("data").get(0);
        assertEquals("stories260K.gguf", model.get("id").asText());
        assertEquals("model", model.get("object").asText());
        assertTrue(model.get("created").isIntegralNumber());
        assertTrue(model.has("owned_by"));
    }

    @Test
    void completesWithinMaxTokensAndCountsUsage() throws Exception {
        long started = System.nanoTime();
        TestModel.Reply reply = complete(TestModel.chat("Hello", "\"max_tokens\":16,\"temperature\":0"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, reply.status(), reply.body());
        JsonNode completion = reply.json();
        assertTrue(completion.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", completion.get("object").asText());
        assertTrue(completion.get("created").asLong() > 1_600_000_000L);
        assertEquals("stories260K.gguf", completion.get("model").asText());
        JsonNode choice = completion.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("assistant", choice.get("message").get("role").asText());
        assertFalse(choice.get("message").get("content").asText().isEmpty());
        JsonNode usage = completion.get("usage");
        int prompt = usage.get("prompt_tokens").asInt();
        int generated = usage.get("completion_tokens").asInt();
        assertTrue(prompt > 5, usage.toString());
        assertTrue(generated >= 1 && generated <= 16, usage.toString());
        assertEquals(prompt + generated, usage.get("total_tokens").asInt());
        String finish = choice.get("finish_reason").asText();
        assertEquals(generated == 16 ? "length" : "stop", finish);
        System.out.printf("16-token completion over HTTP: %d ms, %d completion tokens%n", millis, generated);
    }

    @Test
    void temperatureZeroAndSeedsAreDeterministic() throws Exception {
        String greedy = TestModel.chat("Tell me about a cat", "\"max_tokens\":24,\"temperature\":0");
        assertEquals(content(complete(greedy)), content(complete(greedy)));
        String seeded = TestModel.chat("Tell me about a cat", "\"max_tokens\":24,\"temperature\":1.0,\"seed\":1234");
        assertEquals(content(complete(seeded)), content(complete(seeded)));
    }

    @Test
    void streamsChunksThenDoneMatchingTheNonStreamedText() throws Exception {
        String fields = "\"max_tokens\":16,\"temperature\":0";
        String expected = content(complete(TestModel.chat("Once upon a time", fields)));
        TestModel.Reply reply = complete(TestModel.chat("Once upon a time",
                fields + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("text/event-stream"), reply.contentType());
        List<String> events = new ArrayList<>();
        for (String block : reply.body().split("\n\n")) {
            if (!block.isBlank()) {
                assertTrue(block.startsWith("data: "), block);
                events.add(block.substring("data: ".length()));
            }
        }
        assertEquals("[DONE]", events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        int contentChunks = 0;
        Set<String> ids = new java.util.HashSet<>();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = TestModel.JSON.readTree(event);
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            ids.add(chunk.get("id").asText());
            if (chunk.has("usage")) {
                usage = chunk.get("usage");
                assertEquals(0, chunk.get("choices").size());
                continue;
            }
            JsonNode choice = chunk.get("choices").get(0);
            JsonNode delta = choice.get("delta");
            if (delta.has("content") && !delta.get("content").asText().isEmpty()) {
                contentChunks++;
                text.append(delta.get("content").asText());
            }
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertEquals(1, ids.size(), "one id for all chunks");
        assertTrue(contentChunks > 1, "streamed in several chunks");
        assertEquals(expected, text.toString());
        assertTrue(Set.of("stop", "length").contains(finish), String.valueOf(finish));
        assertTrue(usage != null && usage.get("completion_tokens").asInt() >= 1);
        assertEquals(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(),
                usage.get("total_tokens").asInt());
    }

    @Test
    void stopSequenceEndsTheTextBeforeIt() throws Exception {
        String fields = "\"max_tokens\":48,\"temperature\":0";
        String full = content(complete(TestModel.chat("A little dog", fields)));
        // A stop sequence taken from the model's own greedy output (no assumption about wording).
        int at = full.length() / 2;
        String stop = full.substring(at, Math.min(full.length(), at + 3));
        int first = full.indexOf(stop);
        TestModel.Reply reply = complete(TestModel.chat("A little dog",
                fields + ",\"stop\":[" + TestModel.JSON.valueToTree(stop) + "]"));
        assertEquals(200, reply.status(), reply.body());
        JsonNode choice = reply.json().get("choices").get(0);
        assertEquals(full.substring(0, first), choice.get("message").get("content").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
    }

    @Test
    void badRequestsGet400WithAnOpenAiErrorBody() throws Exception {
        for (String body : List.of("{not json", "", "[]",
                "{\"model\":\"m\"}",
                "{\"messages\":[]}",
                "{\"messages\":\"hi\"}",
                "{\"messages\":[{\"content\":\"no role\"}]}",
                TestModel.chat("hi", "\"max_tokens\":0"),
                TestModel.chat("hi", "\"max_tokens\":-5"),
                TestModel.chat("hi", "\"max_tokens\":\"ten\""),
                TestModel.chat("hi", "\"temperature\":3"),
                TestModel.chat("hi", "\"n\":2"),
                TestModel.chat("hi", "\"stop\":[1,2]"))) {
            TestModel.Reply reply = complete(body);
            assertEquals(400, reply.status(), body + " -> " + reply.body());
            JsonNode error = reply.json().get("error");
            assertFalse(error.get("message").asText().isBlank(), reply.body());
            assertEquals("invalid_request_error", error.get("type").asText());
            assertTrue(error.get("code").isTextual(), reply.body());
        }
    }

    @Test
    void promptLongerThanTheContextGets400() throws Exception {
        TestModel.Reply reply = complete(TestModel.chat("the dog ran. ".repeat(400), "\"max_tokens\":4"));
        assertEquals(400, reply.status(), reply.body());
        assertEquals("context_length_exceeded", reply.json().get("error").get("code").asText());
    }

    @Test
    void unknownPathsAndMethodsGetErrors() throws Exception {
        assertEquals(404, TestModel.get(base + "/v1/nothing", null).status());
        assertEquals(405, TestModel.get(base + "/v1/chat/completions", null).status());
        assertEquals(200, TestModel.get(base + "/health", null).status());
    }

    @Test
    void recordsEveryRequestBody() throws Exception {
        String canary = "CANARY-" + System.nanoTime();
        assertEquals(200, complete(TestModel.chat("Patient " + canary + " is well", "\"max_tokens\":4")).status());
        String malformedCanary = "MALFORMED-" + System.nanoTime();
        assertEquals(400, complete("{\"messages\": [" + malformedCanary).status());

        TestModel.Reply recorded = TestModel.get(base + "/admin/requests", null);
        assertEquals(200, recorded.status());
        JsonNode bodies = recorded.json();
        assertTrue(bodies.isArray());
        boolean found = false;
        for (JsonNode body : bodies) {
            if (body.isObject() && body.path("messages").toString().contains(canary)) {
                found = true;
                assertEquals(4, body.get("max_tokens").asInt(), "the body as sent");
            }
        }
        assertTrue(found, "the request body with the canary is recorded");
        assertTrue(recorded.body().contains(malformedCanary), "malformed bodies are recorded too");

        List<String> lines = Files.readAllLines(recordFile, StandardCharsets.UTF_8);
        assertTrue(lines.stream().anyMatch(line -> line.contains(canary)));
        assertTrue(lines.stream().anyMatch(line -> line.contains(malformedCanary)));
        for (String line : lines) {
            TestModel.JSON.readTree(line); // one JSON value per line
        }
    }

    @Test
    void concurrentRequestsAreServedOneAfterAnother() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Callable<TestModel.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String body = TestModel.chat("Story number " + i, "\"max_tokens\":12,\"temperature\":0"
                        + (i % 3 == 0 ? ",\"stream\":true" : ""));
                calls.add(() -> complete(body));
            }
            for (Future<TestModel.Reply> reply : clients.invokeAll(calls)) {
                assertEquals(200, reply.get().status(), reply.get().body());
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(1, server.engine().maxConcurrentSeen(), "never two generations at once");
        // a slot is released just after its reply is written, so the client can see the reply first
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (server.engine().admitted() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.engine().admitted(), "every slot released");
    }

    private static String content(TestModel.Reply reply) throws Exception {
        assertEquals(200, reply.status(), reply.body());
        String text = reply.json().get("choices").get(0).get("message").get("content").asText();
        assertNotEquals("", text);
        return text;
    }
}
