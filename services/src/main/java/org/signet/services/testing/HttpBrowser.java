package org.signet.services.testing;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as OAuth redirects need one, for tests that drive a login without Chromium: cookies per host
 * (Keycloak's {@code Secure} ones included on plain-http loopback, as browsers treat a local origin), redirects
 * never followed (the test reads each {@code Location}), and Keycloak's login form filled in.
 */
public final class HttpBrowser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

    private final Jar jar = new Jar();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postForm(String url, Map<String, String> form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether a page is Keycloak's login form. */
    public static boolean isLoginForm(HttpResponse<String> page) {
        return FORM_ACTION.matcher(page.body()).find() && page.body().contains("name=\"password\"");
    }

    /** Submits Keycloak's login form on {@code loginPage}; answers Keycloak's redirect back to the app. */
    public HttpResponse<String> logIn(HttpResponse<String> loginPage, String user, String password)
            throws IOException, InterruptedException {
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        if (!action.find()) {
            throw new IllegalStateException("not a login form (" + loginPage.statusCode() + "): " + loginPage.body());
        }
        return postForm(action.group(1).replace("&amp;", "&"), Map.of("username", user, "password", password));
    }

    /** The cookie the browser holds for {@code host} under {@code name}, or null. */
    public String cookie(String host, String name) {
        return jar.value(host, name);
    }

    /** The {@code Location} of a redirect, failing unless {@code response} is one. */
    public static String location(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 3) {
            throw new IllegalStateException("expected a redirect, got " + response.statusCode() + ": " + response.body());
        }
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** The decoded query parameters of a URL. */
    public static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    public static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** Cookies by host and name; an empty value or Max-Age=0 deletes one. */
    private static final class Jar extends CookieHandler {
        private final Map<String, Map<String, String>> byHost = new LinkedHashMap<>();

        synchronized String value(String host, String name) {
            return byHost.getOrDefault(host, Map.of()).get(name);
        }

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            Map<String, String> cookies = byHost.getOrDefault(uri.getHost(), Map.of());
            if (cookies.isEmpty()) {
                return Map.of();
            }
            return Map.of("Cookie", List.of(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "))));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
            Map<String, String> cookies = byHost.computeIfAbsent(uri.getHost(), h -> new LinkedHashMap<>());
            responseHeaders.forEach((header, values) -> {
                if (header == null || !header.equalsIgnoreCase("Set-Cookie")) {
                    return;
                }
                for (String cookie : values) {
                    String pair = cookie.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String name = pair.substring(0, eq).trim();
                    String value = pair.substring(eq + 1).trim();
                    if (value.isEmpty() || cookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
            });
        }
    }
}
