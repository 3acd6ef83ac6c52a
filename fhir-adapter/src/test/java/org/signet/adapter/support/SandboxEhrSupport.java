package org.signet.adapter.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.eclipse.microprofile.config.ConfigProvider;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SmartBackendServicesClient;
import org.signet.services.testing.BackingServices;

/** The test's own door to the sandbox EHR (as the adapter's SMART client) and its admin switches. */
public final class SandboxEhrSupport {

    private SandboxEhrSupport() {}

    public static String baseUrl() {
        return ConfigProvider.getConfig().getValue("signet.adapter.ehr.base-url", String.class);
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
        return BackingServices.sandboxEhr().admin(method, path, json);
    }
}
