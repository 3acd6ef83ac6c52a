package org.signet.services.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible HTTP server (embedded Jetty 12) over one GGUF model run by llama.cpp
 * ({@code de.kherud:llama}): the test resource for scribe-service's {@code openai-compatible} provider kind, and the
 * local stack's model. Usable in-process ({@link #start}) or as a child JVM ({@link LocalModelServerMain},
 * launched by {@link LocalModelServerProcess}).
 *
 * <ul>
 *   <li>{@code GET /v1/models}: the one model, in OpenAI's list format.</li>
 *   <li>{@code POST /v1/chat/completions}: {@code messages}, {@code max_tokens} (or {@code max_completion_tokens};
 *       default and upper bound {@code maxTokensCap}, also bounded by the context), {@code temperature} (0..2,
 *       default 1; 0 is greedy and deterministic), {@code top_p}, {@code seed} (repeatable sampling),
 *       {@code stop} (string or up to 4 strings), {@code stream} (Server-Sent Events, OpenAI chunk format, then
 *       {@code data: [DONE]}; {@code stream_options.include_usage} adds a usage chunk). {@code n} must be 1. The
 *       requested {@code model} is not checked; responses name the served model.</li>
 *   <li>{@code GET /health}: {@code {"status":"ok"}}, never behind the API key.</li>
 *   <li>Test mode only ({@link Options#recordRequests}): {@code GET /admin/requests} returns every request body
 *       received so far as a JSON array, {@code DELETE /admin/requests} forgets them.</li>
 * </ul>
 *
 * The model is loaded once. Generations run one at a time; up to {@code maxQueue} more wait, and a request beyond
 * that gets 503 at once. Errors use OpenAI's body {@code {"error":{"message","type","param","code"}}}: 400 for bad
 * requests (malformed JSON, no messages, {@code max_tokens} &lt; 1, prompt longer than the context), 401 when an
 * API key is configured and the {@code Authorization: Bearer} header does not carry it, 503 when busy.
 *
 * <p>Messages become a prompt as described in {@link ChatPrompt} (plain "Role: text" lines ending in
 * "Assistant:"), or through the GGUF's chat template when {@link Options#useChatTemplate} is set.
 */
public final class LocalModelServer implements AutoCloseable {

    /** How to run. Defaults suit the tiny test model on a 2-core machine. */
    public static final class Options {
        String host = "127.0.0.1";
        int port;
        Path model;
        String modelName;
        int threads = 1;
        int contextSize = 512;
        int maxTokensCap = 512;
        boolean recordRequests;
        Path recordFile;
        String apiKey;
        int maxQueue = 16;
        long maxWaitMillis = 300_000;
        boolean useChatTemplate;

        public static Options forModel(Path model) {
            Options options = new Options();
            options.model = model;
            return options;
        }

        public Options model(Path value) {
            model = value;
            return this;
        }

        public Options host(String value) {
            host = value;
            return this;
        }

        /** 0 (the default) for a free port. */
        public Options port(int value) {
            port = value;
            return this;
        }

        /** The id {@code /v1/models} lists and responses carry; default the model file's name. */
        public Options modelName(String value) {
            modelName = value;
            return this;
        }

        /** Inference threads; 1 (the default) is by far the fastest for small models on 2 cores. */
        public Options threads(int value) {
            threads = value;
            return this;
        }

        public Options contextSize(int value) {
            contextSize = value;
            return this;
        }

        /** Default and upper bound of {@code max_tokens}. */
        public Options maxTokensCap(int value) {
            maxTokensCap = value;
            return this;
        }

        /** Test mode: keep every request body for {@code GET /admin/requests}, and append it to {@code file} (may be null). */
        public Options recordRequests(Path file) {
            recordRequests = true;
            recordFile = file;
            return this;
        }

        /** Require {@code Authorization: Bearer <key>} on {@code /v1/*} and {@code /admin/*}; null = open. */
        public Options apiKey(String value) {
            apiKey = value;
            return this;
        }

        /** Requests that may wait for the model while one generates; more get 503. */
        public Options maxQueue(int value) {
            maxQueue = value;
            return this;
        }

        /** The longest a request waits in the queue before it gets 503. */
        public Options maxWaitMillis(long value) {
            maxWaitMillis = value;
            return this;
        }

        /** Build prompts with the GGUF's chat template instead of plain "Role: text" lines. */
        public Options useChatTemplate(boolean value) {
            useChatTemplate = value;
            return this;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalModelServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final Options options;
    private final String modelName;
    private final long createdAt = Instant.now().getEpochSecond();
    private final LlamaEngine engine;
    private final RequestRecorder recorder;
    private final Server jetty;
    private final ServerConnector connector;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private LocalModelServer(Options options, String modelName, LlamaEngine engine, RequestRecorder recorder) {
        this.options = options;
        this.modelName = modelName;
        this.engine = engine;
        this.recorder = recorder;
        // Enough threads for the waiting queue plus some to answer 503s and model lists while it is full.
        QueuedThreadPool threads = new QueuedThreadPool(options.maxQueue + 16, 4);
        threads.setName("local-model");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        this.connector = new ServerConnector(jetty);
        connector.setHost(options.host);
        connector.setPort(options.port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder("local-model", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                handle(request, response);
            }
        }), "/*");
        jetty.setHandler(context);
    }

    /** Loads the model and starts serving. */
    public static LocalModelServer start(Options options) throws IOException {
        if (options.model == null) {
            throw new IllegalArgumentException("a model file is required");
        }
        if (options.threads < 1 || options.contextSize < 16 || options.maxTokensCap < 1 || options.maxQueue < 0) {
            throw new IllegalArgumentException("threads >= 1, context >= 16, max-tokens-cap >= 1, max-queue >= 0");
        }
        String name = options.modelName != null && !options.modelName.isBlank() ? options.modelName
                : options.model.getFileName().toString();
        LlamaEngine engine = new LlamaEngine(options.model, options.threads, options.contextSize,
                options.useChatTemplate, options.maxQueue, options.maxWaitMillis);
        RequestRecorder recorder = options.recordRequests ? new RequestRecorder(options.recordFile) : null;
        LocalModelServer server = new LocalModelServer(options, name, engine, recorder);
        try {
            server.jetty.start();
        } catch (Exception e) {
            engine.close();
            throw new IOException("cannot listen on " + options.host + ":" + options.port + ": " + e.getMessage(), e);
        }
        LOG.info("Local model server: {} ({}) on {}", name, options.model, server.baseUrl());
        return server;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** e.g. {@code http://127.0.0.1:PORT/v1}, what OpenAI clients take as base URL. */
    public String baseUrl() {
        String host = options.host.contains(":") ? "[" + options.host + "]" : options.host;
        return "http://" + host + ":" + port() + "/v1";
    }

    public String modelName() {
        return modelName;
    }

    LlamaEngine engine() {
        return engine;
    }

    /** Stops serving and frees the model (after a running generation ends). Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
        try {
            // Never free the model under a running generation.
            LlamaEngine.Slot slot = engine.enter();
            slot.close();
            engine.close();
        } catch (LlamaEngine.Busy | InterruptedException e) {
            LOG.warn("model still busy at stop; left for process exit");
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A failure with an OpenAI-style error body. */
    private static final class ApiError extends Exception {
        final int status;
        final String type;
        final String code;
        final String param;

        ApiError(int status, String type, String code, String param, String message) {
            super(message);
            this.status = status;
            this.type = type;
            this.code = code;
            this.param = param;
        }

        static ApiError badRequest(String code, String param, String message) {
            return new ApiError(400, "invalid_request_error", code, param, message);
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) {
        try {
            route(request, response);
        } catch (ApiError e) {
            sendError(response, e);
        } catch (IOException e) {
            // client gone
        } catch (RuntimeException e) {
            LOG.error("request failed", e);
            sendError(response, new ApiError(500, "server_error", "internal_error", null,
                    "internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiError {
        String method = request.getMethod();
        String path = request.getRequestURI();
        byte[] body = readBody(request);
        if (recorder != null && body.length > 0) {
            recorder.record(body);
        }
        if (path.equals("/health")) {
            sendJson(response, 200, JSON.createObjectNode().put("status", "ok"));
            return;
        }
        boolean v1 = path.startsWith("/v1/");
        boolean admin = path.startsWith("/admin/") && recorder != null;
        if (!v1 && !admin) {
            throw new ApiError(404, "invalid_request_error", "not_found", null, "no such endpoint: " + path);
        }
        authorize(request);
        switch (path) {
            case "/v1/models" -> {
                requireMethod(method, "GET");
                sendJson(response, 200, modelList());
            }
            case "/v1/chat/completions" -> {
                requireMethod(method, "POST");
                chatCompletion(response, body);
            }
            case "/admin/requests" -> {
                if (method.equals("DELETE")) {
                    recorder.clear();
                    sendJson(response, 200, JSON.createObjectNode().put("cleared", true));
                } else {
                    requireMethod(method, "GET");
                    sendJson(response, 200, recorder.all());
                }
            }
            default -> throw new ApiError(404, "invalid_request_error", "not_found", null,
                    "no such endpoint: " + path);
        }
    }

    private static void requireMethod(String method, String expected) throws ApiError {
        if (!method.equals(expected)) {
            throw new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                    method + " is not allowed here; use " + expected);
        }
    }

    private void authorize(HttpServletRequest request) throws ApiError {
        if (options.apiKey == null || options.apiKey.isEmpty()) {
            return;
        }
        String header = request.getHeader("Authorization");
        byte[] given = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
        byte[] expected = ("Bearer " + options.apiKey).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            throw new ApiError(401, "invalid_request_error", "invalid_api_key", null,
                    header == null ? "missing API key: send Authorization: Bearer <key>" : "incorrect API key");
        }
    }

    private ObjectNode modelList() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.putArray("data").addObject()
                .put("id", modelName)
                .put("object", "model")
                .put("created", createdAt)
                .put("owned_by", "signet-local");
        return list;
    }

    // ---------------------------------------------------------------------------------------------------------

    private record ChatRequest(List<ChatPrompt.Message> messages, Integer maxTokens, float temperature, Float topP,
            Integer seed, List<String> stop, boolean stream, boolean includeUsage) {}

    private void chatCompletion(HttpServletResponse response, byte[] body) throws IOException, ApiError {
        ChatRequest request = parse(body);
        LlamaEngine.Slot slot;
        try {
            slot = engine.enter();
        } catch (LlamaEngine.Busy e) {
            throw new ApiError(503, "server_error", "server_busy", null, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "server_error", "server_busy", null, "interrupted while waiting for the model");
        }
        try (slot) {
            String prompt = slot.prompt(request.messages());
            int promptTokens = slot.countTokens(prompt);
            // +1 for the BOS token llama.cpp puts in front; at least one token must be left to generate.
            int room = engine.contextSize() - promptTokens - 1;
            if (room < 1) {
                throw ApiError.badRequest("context_length_exceeded", "messages", "the prompt has " + promptTokens
                        + " tokens; this model's context is " + engine.contextSize() + " tokens");
            }
            int maxTokens = Math.min(Math.min(request.maxTokens() == null ? options.maxTokensCap
                    : request.maxTokens(), options.maxTokensCap), room);
            LlamaEngine.Generation generation = new LlamaEngine.Generation(prompt, maxTokens, request.temperature(),
                    request.topP(), request.seed(), request.stop());
            String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
            long created = Instant.now().getEpochSecond();
            if (request.stream()) {
                stream(response, slot, generation, promptTokens, id, created, request.includeUsage());
            } else {
                LlamaEngine.Result result = slot.generate(generation, promptTokens, text -> { });
                ObjectNode completion = JSON.createObjectNode()
                        .put("id", id)
                        .put("object", "chat.completion")
                        .put("created", created)
                        .put("model", modelName);
                ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
                choice.putObject("message").put("role", "assistant").put("content", result.text());
                choice.putNull("logprobs");
                choice.put("finish_reason", result.finishReason());
                completion.set("usage", usage(result));
                sendJson(response, 200, completion);
            }
        }
    }

    private void stream(HttpServletResponse response, LlamaEngine.Slot slot, LlamaEngine.Generation generation,
            int promptTokens, String id, long created, boolean includeUsage) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        OutputStream out = response.getOutputStream();
        ObjectNode first = chunk(id, created);
        ((ObjectNode) first.withArray("choices").get(0)).putObject("delta").put("role", "assistant").put("content", "");
        event(out, first.toString());
        LlamaEngine.Result result;
        try {
            result = slot.generate(generation, promptTokens, text -> {
                ObjectNode delta = chunk(id, created);
                ((ObjectNode) delta.withArray("choices").get(0)).putObject("delta").put("content", text);
                event(out, delta.toString());
            });
        } catch (RuntimeException e) {
            LOG.error("generation failed", e);
            event(out, errorBody(new ApiError(500, "server_error", "internal_error", null,
                    "generation failed: " + e.getClass().getSimpleName())).toString());
            event(out, "[DONE]");
            return;
        }
        ObjectNode last = chunk(id, created);
        ObjectNode choice = (ObjectNode) last.withArray("choices").get(0);
        choice.putObject("delta");
        choice.put("finish_reason", result.finishReason());
        event(out, last.toString());
        if (includeUsage) {
            ObjectNode usage = JSON.createObjectNode()
                    .put("id", id)
                    .put("object", "chat.completion.chunk")
                    .put("created", created)
                    .put("model", modelName);
            usage.putArray("choices");
            usage.set("usage", usage(result));
            event(out, usage.toString());
        }
        event(out, "[DONE]");
    }

    private ObjectNode chunk(String id, long created) {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", modelName);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return chunk;
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode usage(LlamaEngine.Result result) {
        return JSON.createObjectNode()
                .put("prompt_tokens", result.promptTokens())
                .put("completion_tokens", result.completionTokens())
                .put("total_tokens", result.promptTokens() + result.completionTokens());
    }

    private static ChatRequest parse(byte[] body) throws ApiError {
        JsonNode root;
        try {
            root = body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_json", null, "the request body is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("invalid_json", null, "the request body must be a JSON object");
        }
        List<ChatPrompt.Message> messages;
        try {
            messages = ChatPrompt.parse(root.get("messages"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid_messages", "messages", e.getMessage());
        }
        Integer maxTokens = optionalInt(root, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = optionalInt(root, "max_tokens");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw ApiError.badRequest("invalid_max_tokens", "max_tokens", "max_tokens must be at least 1");
        }
        Double temperature = optionalNumber(root, "temperature");
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw ApiError.badRequest("invalid_value", "temperature", "temperature must be between 0 and 2");
        }
        Double topP = optionalNumber(root, "top_p");
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw ApiError.badRequest("invalid_value", "top_p", "top_p must be greater than 0 and at most 1");
        }
        JsonNode seedNode = root.get("seed");
        Integer seed = null;
        if (seedNode != null && !seedNode.isNull()) {
            if (!seedNode.canConvertToLong() || !seedNode.isIntegralNumber()) {
                throw ApiError.badRequest("invalid_value", "seed", "seed must be an integer");
            }
            seed = (int) (seedNode.asLong() & 0x7fffffffL);
        }
        Integer n = optionalInt(root, "n");
        if (n != null && n != 1) {
            throw ApiError.badRequest("invalid_value", "n", "only n = 1 is supported");
        }
        List<String> stop = new ArrayList<>();
        JsonNode stopNode = root.get("stop");
        if (stopNode != null && !stopNode.isNull()) {
            if (stopNode.isTextual()) {
                stop.add(stopNode.asText());
            } else if (stopNode.isArray() && stopNode.size() <= 4) {
                for (JsonNode s : stopNode) {
                    if (!s.isTextual()) {
                        throw ApiError.badRequest("invalid_value", "stop", "stop must hold strings");
                    }
                    stop.add(s.asText());
                }
            } else {
                throw ApiError.badRequest("invalid_value", "stop", "stop must be a string or up to 4 strings");
            }
            stop.removeIf(String::isEmpty);
        }
        JsonNode streamNode = root.get("stream");
        if (streamNode != null && !streamNode.isNull() && !streamNode.isBoolean()) {
            throw ApiError.badRequest("invalid_value", "stream", "stream must be a boolean");
        }
        boolean stream = streamNode != null && streamNode.asBoolean(false);
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        return new ChatRequest(messages, maxTokens, temperature == null ? 1.0f : temperature.floatValue(),
                topP == null ? null : topP.floatValue(), seed, List.copyOf(stop), stream, includeUsage);
    }

    private static Integer optionalInt(JsonNode root, String field) throws ApiError {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiError.badRequest("invalid_value", field, field + " must be an integer");
        }
        return node.intValue();
    }

    private static Double optionalNumber(JsonNode root, String field) throws ApiError {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw ApiError.badRequest("invalid_value", field, field + " must be a number");
        }
        return node.doubleValue();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static byte[] readBody(HttpServletRequest request) throws IOException, ApiError {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiError(413, "invalid_request_error", "request_too_large", null,
                        "the request body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static ObjectNode errorBody(ApiError e) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type);
        if (e.param == null) {
            error.putNull("param");
        } else {
            error.put("param", e.param);
        }
        error.put("code", e.code);
        return body;
    }

    private static void sendError(HttpServletResponse response, ApiError e) {
        if (response.isCommitted()) {
            return; // mid-stream: nothing sensible left to send
        }
        try {
            response.reset();
            if (e.status == 401) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            sendJson(response, e.status, errorBody(e));
        } catch (IOException | RuntimeException ignored) {
            // client gone
        }
    }

    private static void sendJson(HttpServletResponse response, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}
