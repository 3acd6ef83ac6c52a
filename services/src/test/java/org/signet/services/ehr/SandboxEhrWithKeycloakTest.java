package org.signet.services.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.services.testing.BackingServices;

/**
 * The sandbox EHR as the adapter meets it: discovery, a real Keycloak (realm {@code ehr}) verifying a
 * private_key_jwt client assertion, scopes enforced per type, and the request log.
 */
class SandboxEhrWithKeycloakTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxEhrServer ehr;
    private static SmartBackendServicesClient smart;

    @BeforeAll
    static void start() {
        ehr = BackingServices.sandboxEhr();
        smart = new SmartBackendServicesClient(ehr.fhirBaseUrl(), EhrClientKey.CLIENT_ID,
                BackingServices.ehrClientKey().privateKey());
    }

    @Test
    void discoveryNamesKeycloaksTokenEndpointAndPrivateKeyJwt() throws Exception {
        JsonNode discovery = get(ehr.fhirBaseUrl() + "/.well-known/smart-configuration", null);
        assertEquals(smart.tokenEndpoint(), discovery.path("token_endpoint").asText());
        assertTrue(discovery.path("token_endpoint").asText().startsWith(BackingServices.keycloak().baseUrl()));
        assertTrue(discovery.path("token_endpoint_auth_methods_supported").toString().contains("private_key_jwt"));
    }

    @Test
    void keycloakIssuesOnlyTheRequestedSystemScopes() throws Exception {
        JsonNode token = smart.requestToken("system/Patient.rs system/Observation.rs");
        String scope = token.path("scope").asText();
        assertTrue(scope.contains("system/Patient.rs") && scope.contains("system/Observation.rs"), scope);
        assertTrue(!scope.contains("system/DocumentReference"), scope);
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsRefusedByKeycloak() throws Exception {
        var stranger = KeyPairGenerator.getInstance("RSA");
        stranger.initialize(2048);
        var impostor = new SmartBackendServicesClient(ehr.fhirBaseUrl(), EhrClientKey.CLIENT_ID,
                stranger.generateKeyPair().getPrivate());
        var refused = assertThrows(SmartBackendServicesClient.TokenRefusedException.class,
                () -> impostor.requestToken("system/Patient.rs"));
        assertTrue(refused.status() == 400 || refused.status() == 401, refused.getMessage());
    }

    @Test
    void aScopedTokenReadsItsTypeAndIsRefusedAnother() throws Exception {
        IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(ehr.fhirBaseUrl());
        client.registerInterceptor(new BearerTokenAuthInterceptor(smart.accessToken("system/Patient.rs")));

        Bundle patients = client.search().forResource(Patient.class).count(5).returnBundle(Bundle.class).execute();
        assertTrue(patients.getEntry().size() > 0, "Synthea patients are seeded");

        assertThrows(ForbiddenOperationException.class, () ->
                client.search().forResource(Observation.class).count(1).returnBundle(Bundle.class).execute());
    }

    @Test
    void withoutATokenTheAnswerIs401WithAChallengeAndAnOperationOutcome() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ehr.fhirBaseUrl()
                + "/Patient")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(response.body().contains("OperationOutcome"));
    }

    @Test
    void everyFhirRequestIsInTheRequestLog() throws Exception {
        String token = smart.accessToken("system/Patient.rs");
        HTTP.send(HttpRequest.newBuilder(URI.create(ehr.fhirBaseUrl() + "/Patient?_count=1&_id=request-log-probe"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding());
        JsonNode requests = get(ehr.adminBaseUrl() + "/requests", null);
        assertTrue(requests.toString().contains("request-log-probe"), requests.toString());
    }

    private static JsonNode get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + " → " + response.body());
        return new ObjectMapper().readTree(response.body());
    }
}
