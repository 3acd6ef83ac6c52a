package org.signet.services.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.signet.services.keycloak.KeycloakServer;

/**
 * Drives one account past a rate limit: a fresh user of realm {@value KeycloakServer#SIGNET_REALM} (so no other test's
 * account is slowed for the window) calls an operation until it is refused.
 */
public final class RateLimitProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the account saw: how many calls went through before the first 429, and that refusal. */
    public record Outcome(String username, String subject, int passed, int status, String retryAfter,
            String contentType, String body) {}

    private RateLimitProbe() {}

    /** A new user with these realm roles; answers its user name. */
    public static String freshUser(String role) {
        String username = "rate-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
        new KeycloakAdmin(BackingServices.keycloak()).createUser(KeycloakServer.SIGNET_REALM, username, List.of(role));
        return username;
    }

    /**
     * Calls {@code method uri} with {@code body} as {@code username} until it answers 429, at most {@code max} times.
     */
    public static Outcome drive(String username, String method, URI uri, String body, int max) {
        String token = KeycloakTokens.user(username);
        for (int call = 0; call < max; call++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429) {
                    return new Outcome(username, subject(token), call, 429,
                            response.headers().firstValue("Retry-After").orElse(null),
                            response.headers().firstValue("Content-Type").orElse(null), response.body());
                }
                if (response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() >= 500) {
                    throw new AssertionError("call " + call + " was refused otherwise: " + response.statusCode()
                            + " " + response.body());
                }
            } catch (IOException e) {
                throw new IllegalStateException("no answer from " + uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(username + " made " + max + " calls of " + method + " " + uri + " without a 429");
    }

    /**
     * Asserts the refusal is a 429 problem with a {@code Retry-After} in seconds, and that the audit topic holds an
     * {@code access.refused} event with status 429 for the account (call the service's {@code AccessRefusals.flush()}
     * first).
     */
    public static void assertRefusedAndAudited(Outcome outcome) {
        ProblemAssertions.assertProblem(429, outcome.status(), outcome.contentType(), outcome.body());
        if (outcome.retryAfter() == null || !outcome.retryAfter().matches("[1-9]\\d{0,5}")) {
            throw new AssertionError("no Retry-After in seconds: " + outcome.retryAfter());
        }
        TopicReader.await(BackingServices.kafka().bootstrapServers(), org.signet.contracts.Topics.AUDIT_EVENTS,
                event -> {
                    try {
                        JsonNode audit = JSON.readTree(event);
                        return audit.path("action").asText().equals("access.refused")
                                && audit.path("actor").asText().equals(outcome.subject())
                                && audit.path("details").path("status").asText().equals("429");
                    } catch (IOException e) {
                        return false;
                    }
                }, Duration.ofSeconds(30));
    }

    private static String subject(String token) {
        try {
            JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            return claims.path("sub").asText();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable token", e);
        }
    }
}
