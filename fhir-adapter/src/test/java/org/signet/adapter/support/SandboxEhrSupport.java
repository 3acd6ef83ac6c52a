package org.signet.adapter.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SmartBackendServicesClient;
import org.signet.services.testing.BackingServices;

/** The test's own door to the sandbox EHR (as the adapter's SMART client) and its admin switches. */
public final class SandboxEhrSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SandboxEhrSupport() {}

    public static String baseUrl() {
        return ConfigProvider.getConfig().getValue("signet.adapter.ehr.base-url", String.class);
    }

    public static String adminUrl() {
        return ConfigProvider.getConfig().getValue("signet.test.sandbox-ehr.admin-url", String.class);
    }

    public static SmartBackendServicesClient smart() {
        return new SmartBackendServicesClient(baseUrl(), EhrClientKey.CLIENT_ID,
                BackingServices.ehrClientKey().privateKey());
    }

    /** A HAPI client with a token for {@code scope} (space-separated SMART scopes). */
    public static IGenericClient client(String scope) {
        try {
            String token = smart().accessToken(scope);
            IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(baseUrl());
            client.registerInterceptor(new BearerTokenAuthInterceptor(token));
            return client;
        } catch (Exception e) {
            throw new IllegalStateException("no sandbox token for " + scope + ": " + e.getMessage(), e);
        }
    }

    public static void faults(String json) {
        admin("POST", "/faults", json);
    }

    public static void clearFaults() {
        admin("DELETE", "/faults", null);
    }

    public static String admin(String method, String path, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl() + path))
                    .header("Content-Type", "application/json");
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("sandbox admin " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
