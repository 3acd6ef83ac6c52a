package org.signet.services.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A clinician's way through Signet's public APIs, as the web UI takes it: a Keycloak user token, then
 * signoff-service only (draft request, its progress, the queue, the re-identified draft, edit, sign, reject).
 * The demo and the end-to-end tests drive the system through this and nothing else.
 */
public final class SignetClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** A draft as its clinician reads it, with the ETag that edits and signatures must name. */
    public record Draft(JsonNode body, String etag) {
        public String text() {
            return body.path("text").asText();
        }

        public String state() {
            return body.path("state").asText();
        }
    }

    /** A non-2xx answer, with the problem document's detail when there is one. */
    public static final class ApiException extends IOException {
        private final int status;

        ApiException(String call, int status, String body) {
            super(call + " answered " + status + problemDetail(body));
            this.status = status;
        }

        public int status() {
            return status;
        }

        private static String problemDetail(String body) {
            try {
                JsonNode problem = JSON.readTree(body);
                String detail = problem.path("detail").asText(problem.path("title").asText(""));
                return detail.isEmpty() ? "" : ": " + detail;
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String signoff;
    private final String realmUrl;
    /** The W3C trace every call joins ({@link #traced}); null: each call starts its own. */
    private final String traceId;

    /**
     * @param signoff  signoff-service's base URL, e.g. {@code http://localhost:8184}
     * @param realmUrl Keycloak realm {@code signet}, e.g. {@code http://127.0.0.1:8180/realms/signet}
     */
    public SignetClient(String signoff, String realmUrl) {
        this(signoff, realmUrl, null);
    }

    private SignetClient(String signoff, String realmUrl, String traceId) {
        this.signoff = strip(signoff);
        this.realmUrl = strip(realmUrl);
        this.traceId = traceId;
    }

    /**
     * This client, with every call to signoff-service sent in the trace {@code traceId} (32 hex digits, W3C Trace
     * Context): the services' spans for this note can then be found by that id in a trace viewer.
     */
    public SignetClient traced(String traceId) {
        if (!traceId.matches("[0-9a-f]{32}") || traceId.matches("0+")) {
            throw new IllegalArgumentException("a trace id is 32 lower-case hex digits, not all zero");
        }
        return new SignetClient(signoff, realmUrl, traceId);
    }

    /** A new random trace id, for {@link #traced}. */
    public static String newTraceId() {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        id[0] |= 1; // never all zero
        return java.util.HexFormat.of().formatHex(id);
    }

    /** A {@code traceparent} for one call in this client's trace (a fresh parent span id each time), or null. */
    private HttpRequest.Builder inTrace(HttpRequest.Builder request) {
        if (traceId != null) {
            byte[] span = new byte[8];
            new java.security.SecureRandom().nextBytes(span);
            span[0] |= 1;
            request.header("traceparent", "00-" + traceId + "-" + java.util.HexFormat.of().formatHex(span) + "-01");
        }
        return request;
    }

    /** A user's access token from the development client {@code signet-cli} (password grant; local realms only). */
    public String userToken(String user, String password) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=signet-cli&username=" + URLEncoder.encode(user,
                StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(realmUrl
                + "/protocol/openid-connect/token")).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new ApiException("Keycloak token for " + user, response.statusCode(), response.body());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    /** Asks for a new draft; the transcript is in flight only. Returns the job id (also the draft's id). */
    public String requestDraft(String token, String patient, String encounter, String purpose, String noteType,
            String provider, String transcript) throws IOException, InterruptedException {
        Map<String, String> body = new java.util.LinkedHashMap<>(Map.of("patient", patient, "encounter", encounter,
                "purpose", purpose, "noteType", noteType, "transcript", transcript));
        if (provider != null) {
            body.put("provider", provider);
        }
        HttpResponse<String> response = send(token, "POST", "/v1/drafts", JSON.writeValueAsString(body), null);
        expect("POST /v1/drafts", response, 202);
        return JSON.readTree(response.body()).path("id").asText();
    }

    /** Reads the job's progress stream to its end, handing on each step; returns the last (terminal) step. */
    public JsonNode followProgress(String token, String job, Consumer<JsonNode> onStep)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(inTrace(HttpRequest.newBuilder(URI.create(signoff
                + "/v1/drafts/" + job + "/events"))).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new ApiException("GET /v1/drafts/" + job + "/events", response.statusCode(),
                    new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonNode last = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && data.length() > 0) {
                    last = JSON.readTree(data.toString());
                    data.setLength(0);
                    onStep.accept(last);
                    if (last.path("terminal").asBoolean()) {
                        break;
                    }
                }
            }
        }
        if (last == null) {
            throw new IOException("the progress stream of " + job + " ended without a step");
        }
        return last;
    }

    /** The caller's queue entry for this draft once it is in one of {@code states}. */
    public JsonNode awaitQueueState(String token, String draftId, Set<String> states, Duration within)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(within);
        JsonNode entry = null;
        while (Instant.now().isBefore(deadline)) {
            entry = queueEntry(token, draftId);
            if (entry != null && states.contains(entry.path("state").asText())) {
                return entry;
            }
            Thread.sleep(100);
        }
        throw new IOException("draft " + draftId + " did not reach " + states + " within " + within.toSeconds()
                + " s (last seen: " + (entry == null ? "not in the queue" : entry.path("state").asText()) + ")");
    }

    /** The caller's queue entry for this draft (tokens and states only), or null. */
    public JsonNode queueEntry(String token, String draftId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(token, "GET", "/v1/queue", null, null);
        expect("GET /v1/queue", response, 200);
        for (JsonNode entry : JSON.readTree(response.body())) {
            if (draftId.equals(entry.path("draftId").asText())) {
                return entry;
            }
        }
        return null;
    }

    /** The draft re-identified for the caller (only its assigned clinician may). */
    public Draft readDraft(String token, String draftId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(token, "GET", "/v1/drafts/" + draftId, null, null);
        expect("GET /v1/drafts/" + draftId, response, 200);
        return new Draft(JSON.readTree(response.body()), response.headers().firstValue("ETag").orElse(null));
    }

    public Draft edit(String token, Draft draft, String text) throws IOException, InterruptedException {
        String id = draft.body().path("draftId").asText();
        HttpResponse<String> response = send(token, "PUT", "/v1/drafts/" + id,
                JSON.writeValueAsString(Map.of("text", text)), draft.etag());
        expect("PUT /v1/drafts/" + id, response, 200);
        return readDraft(token, id);
    }

    /**
     * The evidence of the draft's current text, re-identified for the caller: sentences with their support and
     * sources, the transcript, the chart items, and the omissions still open ({@code available} false when the draft
     * came without evidence).
     */
    public JsonNode evidence(String token, String draftId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(token, "GET", "/v1/drafts/" + draftId + "/evidence", null, null);
        expect("GET /v1/drafts/" + draftId + "/evidence", response, 200);
        return JSON.readTree(response.body());
    }

    /**
     * Answers every omission still unanswered with {@code decision} ({@code not-relevant} or {@code added}), as a
     * clinician does in the review before signing; returns the draft as it now is (its version moved on) and the
     * omissions answered, through {@code answered}.
     */
    public Draft answerOmissions(String token, Draft draft, String decision, java.util.List<JsonNode> answered)
            throws IOException, InterruptedException {
        String id = draft.body().path("draftId").asText();
        for (JsonNode omission : evidence(token, id).path("omissions")) {
            if (!omission.path("decision").isTextual()) {
                HttpResponse<String> response = send(token, "POST", "/v1/drafts/" + id + "/omissions",
                        JSON.writeValueAsString(Map.of("key", omission.path("key").asText(), "decision", decision)),
                        null);
                expect("POST /v1/drafts/" + id + "/omissions", response, 200);
                answered.add(omission);
            }
        }
        return answered.isEmpty() ? draft : readDraft(token, id);
    }

    /** Signs with the attestation; returns the signature (signer, time, SHA-256 of the text). */
    public JsonNode sign(String token, Draft draft) throws IOException, InterruptedException {
        String id = draft.body().path("draftId").asText();
        HttpResponse<String> response = send(token, "POST", "/v1/drafts/" + id + "/sign",
                JSON.writeValueAsString(Map.of("attest", true)), draft.etag());
        expect("POST /v1/drafts/" + id + "/sign", response, 200);
        return JSON.readTree(response.body());
    }

    public void reject(String token, Draft draft, String reason) throws IOException, InterruptedException {
        String id = draft.body().path("draftId").asText();
        HttpResponse<String> response = send(token, "POST", "/v1/drafts/" + id + "/reject",
                JSON.writeValueAsString(Map.of("reason", reason)), draft.etag());
        expect("POST /v1/drafts/" + id + "/reject", response, 200);
    }

    private HttpResponse<String> send(String token, String method, String path, String json, String ifMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = inTrace(HttpRequest.newBuilder(URI.create(signoff + path))).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(String call, HttpResponse<String> response, int status) throws ApiException {
        if (response.statusCode() != status) {
            throw new ApiException(call, response.statusCode(), response.body());
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
