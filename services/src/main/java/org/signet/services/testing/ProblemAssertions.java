package org.signet.services.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/** Checks on the RFC 9457 problem JSON every Signet service answers refusals with, for the services' tests. */
public final class ProblemAssertions {

    /** Ids a prober might type into a path: SQL-like text, a path traversal, markup, a header injection. */
    public static final List<String> HOSTILE_IDS = List.of("x' OR '1'='1", "../../etc/passwd",
            "<script>alert(1)</script>", "id\r\nSet-Cookie: a=b");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPES = "https://signet.example.org/problems/";

    private ProblemAssertions() {}

    /** Asserts a problem JSON answer with this status and a Signet problem type; returns the body. */
    public static String assertProblem(int expectedStatus, int status, String contentType, String body) {
        if (status != expectedStatus || contentType == null || !contentType.startsWith("application/problem+json")) {
            throw new AssertionError("expected a " + expectedStatus + " problem, got " + status + " '" + contentType
                    + "': " + abbreviated(body));
        }
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.path("status").asInt() != expectedStatus || !problem.path("type").asText().startsWith(TYPES)) {
                throw new AssertionError("not a Signet problem: " + abbreviated(body));
            }
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + abbreviated(body), e);
        }
        return body;
    }

    /** Asserts that a body repeats nothing of what the caller typed (nor its telling parts). */
    public static void assertNoEcho(String body, String typed) {
        for (String fragment : List.of(typed, "OR '1'", "etc/passwd", "<script", "script>", "Set-Cookie", "\r",
                "\n")) {
            if (body.contains(fragment)) {
                throw new AssertionError("echoed '" + fragment.strip() + "': " + abbreviated(body));
            }
        }
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
