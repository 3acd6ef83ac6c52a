package org.signet.services.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Registers the tiny local model with scribe-service through its admin API, as an administrator would: once as
 * {@code local-gguf} (in scribe's own process) and once as {@code local-openai} (the OpenAI-compatible local model
 * server). Both are local (no BAA needed): scribe-service decides that itself, a GGUF file being in-process and the
 * model server listening on loopback, inside its default on-premises networks; {@code "local": true} only asks it
 * to refuse the registration if it disagrees. Both are allowed by the seeded purposes; {@code extractive} stays the
 * default, and {@code SIGNET_SCRIBE_DEFAULT_PROVIDER=local-gguf} (or a request's {@code provider}) switches to the model.
 */
public final class LocalModelProviders {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalModelProviders() {}

    public static void register(String scribeUrl, String adminToken, Path model, String modelServerBaseUrl,
            String modelServerModelName) throws IOException, InterruptedException {
        put(scribeUrl, adminToken, "local-gguf", "local-gguf", model.toAbsolutePath().toString(), "stories260K");
        put(scribeUrl, adminToken, "local-openai", "openai-compatible", modelServerBaseUrl, modelServerModelName);
    }

    /** Points {@code id} (an {@code openai-compatible} provider) at another local endpoint, e.g. a faulty one in a test. */
    public static void registerOpenAiCompatible(String scribeUrl, String adminToken, String id, String baseUrl,
            String modelName) throws IOException, InterruptedException {
        put(scribeUrl, adminToken, id, "openai-compatible", baseUrl, modelName);
    }

    /** Creates the provider, or updates it when an earlier start left one of that id. */
    private static void put(String scribeUrl, String adminToken, String id, String kind, String endpoint,
            String modelName) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.ofEntries(Map.entry("id", id), Map.entry("kind", kind),
                Map.entry("endpoint", endpoint), Map.entry("model", modelName), Map.entry("modelVersion", "tiny"),
                Map.entry("local", true), Map.entry("noTraining", true), Map.entry("telemetryOff", true),
                Map.entry("retentionDays", 0), Map.entry("enabled", true)));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(scribeUrl + "/v1/providers")), adminToken,
                "POST", body);
        if (created.statusCode() == 409) {
            created = send(HttpRequest.newBuilder(URI.create(scribeUrl + "/v1/providers/" + id)), adminToken, "PUT",
                    body);
        }
        if (created.statusCode() != 201 && created.statusCode() != 200) {
            throw new IOException("scribe-service refused provider " + id + ": " + created.statusCode() + " "
                    + created.body());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token, String method, String body)
            throws IOException, InterruptedException {
        return HTTP.send(request.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
