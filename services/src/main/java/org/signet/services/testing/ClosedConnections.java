package org.signet.services.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Sends, and once more if the connection failed: a service that refuses a request before reading its body closes the
 * connection, which the client may already have taken from its pool for the next request. HttpClient retries only
 * idempotent methods itself; a closed pooled connection says nothing about the service's answer.
 */
final class ClosedConnections {

    private ClosedConnections() {}

    static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        try {
            return http.send(request, body);
        } catch (IOException closed) {
            return http.send(request, body);
        }
    }
}
