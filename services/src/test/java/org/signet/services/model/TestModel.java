package org.signet.services.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.signet.services.process.RunDirectory;

/** The tiny real model of {@code ../shared/models}, and a small HTTP helper. */
final class TestModel {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private TestModel() {}

    /** {@code <repo root>/../shared/models/stories260K.gguf}; see that directory's README. */
    static Path stories260K() {
        Path model = RunDirectory.repoRoot().resolve("../shared/models/stories260K.gguf").normalize();
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("test model not found at " + model);
        }
        return model;
    }

    /** In-process server over the tiny model: 1 thread, context 512. */
    static LocalModelServer.Options options() {
        return LocalModelServer.Options.forModel(stories260K()).threads(1).contextSize(512).maxTokensCap(64);
    }

    record Reply(int status, String contentType, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    static Reply get(String url, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request.build());
    }

    static Reply post(String url, String body, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request.build());
    }

    private static Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** A chat request body with one user message. */
    static String chat(String userText, String extraFields) {
        return "{\"model\":\"stories260K.gguf\",\"messages\":[{\"role\":\"system\",\"content\":\"You tell stories.\"},"
                + "{\"role\":\"user\",\"content\":" + JSON.valueToTree(userText) + "}]"
                + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }
}
