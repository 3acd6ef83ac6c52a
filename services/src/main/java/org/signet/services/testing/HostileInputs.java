package org.signet.services.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile input against a running service, case by case: each must answer its 4xx as Signet problem JSON, with no
 * stack trace, nothing of what the caller typed and no PHI. The generators give the cases every JSON operation and
 * every id in a path must withstand; a service's test adds its own (FHIR, launch parameters) and compares a
 * {@link StateSnapshot} of its tables and topics before and after, so a refused request is seen to have changed
 * nothing.
 */
public final class HostileInputs {

    /** Put in every hostile body: an answer that repeats it echoed what the caller typed. */
    public static final String MARKER = "HOSTILE-7f3a";
    /** Words of a stack trace or of a parser's message, which a problem's detail must never carry. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at org.", "at io.", "at java.",
            "jackson", "Caused by", "line: ", "column: ", "Unexpected character");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One hostile request and the status it must be refused with. */
    public record Case(String name, String method, String path, Map<String, String> headers, byte[] body,
            int expected, String typed) {

        @Override
        public String toString() {
            return name + " (" + method + " " + (path.length() > 80 ? path.substring(0, 80) + "…" : path) + ")";
        }
    }

    private HostileInputs() {}

    /** A case with a JSON (or any) body as text. */
    public static Case of(String name, String method, String path, String token, String contentType, String body,
            int expected) {
        return of(name, method, path, token, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                expected, null);
    }

    public static Case of(String name, String method, String path, String token, String contentType, byte[] body,
            int expected, String typed) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new Case(name, method, path, headers, body, expected, typed);
    }

    /**
     * What every JSON operation must refuse: truncated, malformed and non-JSON bodies, an array or null for an object,
     * wrong types, nesting past the parser's limit, invalid UTF-8, a body over the service's limit, and a body that
     * is not JSON at all.
     *
     * @param wrongTypes   a body of the operation's fields with the wrong JSON types
     * @param limitBytes   the service's body limit
     * @param extraHeaders e.g. {@code If-Match}, so that the body is what is refused
     */
    public static List<Case> forJsonOperation(String method, String path, String token, String wrongTypes,
            long limitBytes, Map<String, String> extraHeaders) {
        String op = method + " " + path;
        List<Case> cases = new ArrayList<>();
        cases.add(of(op + ": truncated JSON", method, path, token, "application/json",
                "{\"text\": \"" + MARKER, 400));
        cases.add(of(op + ": malformed JSON", method, path, token, "application/json",
                "{'text': '" + MARKER + "',}", 400));
        cases.add(of(op + ": not JSON", method, path, token, "application/json", MARKER + " <xml/>", 400));
        cases.add(of(op + ": an array for an object", method, path, token, "application/json",
                "[\"" + MARKER + "\"]", 400));
        cases.add(of(op + ": null for an object", method, path, token, "application/json", "null", 400));
        cases.add(of(op + ": wrong types", method, path, token, "application/json", wrongTypes, 400));
        cases.add(of(op + ": nested 10,000 deep", method, path, token, "application/json",
                "{\"a\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}", 400));
        cases.add(of(op + ": invalid UTF-8", method, path, token, "application/json",
                concat("{\"text\": \"".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, (byte) 0x28,
                        (byte) 0xFF}, "\"}".getBytes(StandardCharsets.US_ASCII)), 400, null));
        cases.add(of(op + ": over the body limit", method, path, token, "application/json",
                "{\"text\": \"" + "a".repeat((int) limitBytes + 1024) + "\"}", 413));
        cases.add(of(op + ": plain text for JSON", method, path, token, "text/plain", MARKER, 415));
        cases.forEach(c -> c.headers().putAll(extraHeaders));
        return cases;
    }

    /**
     * Ids a prober types into a path, in place of {@code {id}}: traversal, CRLF (header injection), SQL, markup, a
     * right-to-left override, zero-width characters, confusable digits and an overlong id. Each must be refused with
     * {@code expected} (a 404 or 400: never anything that says more).
     */
    public static List<Case> forIdInPath(String method, String pathTemplate, String token, String body,
            int expected) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("path traversal", "..%2F..%2Fetc%2Fpasswd");
        ids.put("dot segments", "%2E%2E");
        ids.put("CRLF header injection", "id%0D%0ASet-Cookie:%20a=b");
        ids.put("SQL", "x'%20OR%20'1'='1");
        ids.put("markup", "%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        ids.put("right-to-left override", "%E2%80%AE" + "1e2c3a" + "-" + "0000-0000-0000-000000000000");
        ids.put("zero-width characters", "00000000%E2%80%8B-0000-0000-0000-000000000000");
        ids.put("confusable digits", "%D9%A0%D9%A0%D9%A0%D9%A0%D9%A0%D9%A0%D9%A0%D9%A0-0000-0000-0000-000000000000");
        ids.put("overlong", "9".repeat(4000));
        List<Case> cases = new ArrayList<>();
        ids.forEach((name, id) -> cases.add(of(method + " " + pathTemplate + ": id with " + name, method,
                pathTemplate.replace("{id}", id), token, body == null ? null : "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), expected,
                java.net.URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8))));
        return cases;
    }

    /** Sends every case; answers one line per case that was not refused as it must be. */
    public static List<String> run(URI base, List<Case> cases) {
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            String failure = check(base, c);
            if (failure != null) {
                failures.add(c + ": " + failure);
            }
        }
        return failures;
    }

    /** Sends every case and fails with every case that was not refused as it must be. */
    public static void assertRefused(URI base, List<Case> cases) {
        List<String> failures = run(base, cases);
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + cases.size() + " hostile inputs were not refused as "
                    + "they must be:\n  " + String.join("\n  ", failures));
        }
        System.out.println("hostile-inputs cases=" + cases.size());
    }

    private static String check(URI base, Case c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                + c.path())).timeout(Duration.ofSeconds(30));
        c.headers().forEach(request::header);
        request.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        HttpResponse<String> response;
        try {
            response = ClosedConnections.send(HTTP, request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String body = response.body();
        try {
            ProblemAssertions.assertProblem(c.expected(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), body);
            for (String leak : LEAKS) {
                if (body.contains(leak)) {
                    return "the detail leaks '" + leak.strip() + "': " + abbreviated(body);
                }
            }
            if (body.contains(MARKER)) {
                return "echoed the body: " + abbreviated(body);
            }
            if (c.typed() != null) {
                ProblemAssertions.assertNoEcho(body, c.typed());
            }
            return null;
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
