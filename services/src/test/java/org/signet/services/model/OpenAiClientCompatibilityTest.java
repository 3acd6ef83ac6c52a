package org.signet.services.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LangChain4j's OpenAI client (what scribe-service's openai-compatible provider uses) against the server. */
class OpenAiClientCompatibilityTest {

    private static LocalModelServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LocalModelServer.start(TestModel.options().apiKey("none").recordRequests(null));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    @Test
    void chatModelGetsAnAnswer() throws Exception {
        OpenAiChatModel model = OpenAiChatModel.builder()
                .baseUrl(baseUrl())
                .apiKey("none")
                .modelName(server.modelName())
                .maxTokens(16)
                .temperature(0.0)
                .timeout(Duration.ofSeconds(30))
                .maxRetries(0)
                .build();
        String answer = model.chat("Hello");
        assertNotNull(answer);
        assertFalse(answer.isEmpty());

        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(SystemMessage.from("You tell stories."), UserMessage.from("Hello"))
                .build());
        assertFalse(response.aiMessage().text().isEmpty());
        assertTrue(response.tokenUsage().outputTokenCount() >= 1 && response.tokenUsage().outputTokenCount() <= 16);
        assertEquals(response.tokenUsage().inputTokenCount() + response.tokenUsage().outputTokenCount(),
                response.tokenUsage().totalTokenCount());
        assertNotNull(response.finishReason());
        assertEquals(server.modelName(), response.modelName());
        assertTrue(server.engine().maxConcurrentSeen() <= 1);
        String recorded = TestModel.get("http://127.0.0.1:" + server.port() + "/admin/requests", "none").body();
        assertTrue(recorded.contains("You tell stories."), "LangChain4j's request bodies are recorded");
    }

    @Test
    void streamingChatModelGetsTheSameAnswer() throws Exception {
        OpenAiChatModel blocking = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("none")
                .modelName(server.modelName()).maxTokens(16).temperature(0.0).maxRetries(0).build();
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl()).apiKey("none")
                .modelName(server.modelName()).maxTokens(16).temperature(0.0).timeout(Duration.ofSeconds(30))
                .build();
        String expected = blocking.chat("Once upon a time");
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        StringBuilder partials = new StringBuilder();
        streaming.chat("Once upon a time", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                partials.append(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        assertEquals(expected, response.aiMessage().text());
        assertEquals(expected, partials.toString());
    }
}
