package org.signet.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.apache.http.client.methods.Configurable;
import org.junit.jupiter.api.Test;
import org.signet.adapter.client.EhrClient;
import org.signet.adapter.client.SmartTokenProvider;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SandboxEhrResource;

/** fhir-adapter's SMART Backend Services client against the real Keycloak realm {@code ehr}. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "fhir-adapter"))
@WithTestResource(SandboxEhrResource.class)
class SmartBackendServicesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SmartTokenProvider tokens;

    @Inject
    EhrClient ehr;

    /** Every EHR call goes through the pool EhrClient configured, not HAPI's (a blocking stale check per request). */
    @Test
    void ehrCallsUseThePoolWithoutAPerRequestStaleCheck() {
        var factory = (ApacheRestfulClientFactory) ehr.fhir().getRestfulClientFactory();
        var config = ((Configurable) factory.getNativeHttpClient()).getConfig();
        assertThat(config.isStaleConnectionCheckEnabled()).isFalse();
        assertThat(ehr.call(Set.of("system/Patient.rs"), client -> client.search().byUrl("Patient?_count=1")
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute()).getEntry()).hasSize(1);
    }

    static JsonNode part(String jwt, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }

    @Test
    void keycloakVerifiesTheClientAssertionAndGrantsOnlyTheScopesAskedFor() throws Exception {
        Set<String> scopes = Set.of("system/Condition.rs", "system/Consent.rs");
        String token = tokens.accessToken(scopes);
        JsonNode claims = part(token, 1);
        assertThat(claims.get("azp").asText()).isEqualTo("signet-fhir-adapter");
        assertThat(Set.of(claims.get("scope").asText().split(" "))).isEqualTo(scopes);
        assertThat(tokens.accessToken(scopes)).as("cached until shortly before expiry").isEqualTo(token);
    }

    @Test
    void theAssertionIsRs384WithAUniqueJtiAndAShortExpiry() throws Exception {
        String endpoint = tokens.tokenEndpoint();
        String a = tokens.clientAssertion(endpoint);
        String b = tokens.clientAssertion(endpoint);
        assertThat(part(a, 0).get("alg").asText()).isEqualTo("RS384");
        JsonNode claims = part(a, 1);
        assertThat(claims.get("iss").asText()).isEqualTo("signet-fhir-adapter");
        assertThat(claims.get("sub").asText()).isEqualTo("signet-fhir-adapter");
        assertThat(claims.get("aud").asText()).isEqualTo(endpoint);
        assertThat(claims.get("exp").asLong() - Instant.now().getEpochSecond()).isBetween(1L, 300L);
        assertThat(part(b, 1).get("jti").asText()).isNotEqualTo(claims.get("jti").asText());
    }

    @Test
    void keycloakRefusesAnAssertionSignedWithAnotherKey() throws Exception {
        String endpoint = tokens.tokenEndpoint();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer("signet-fhir-adapter").subject("signet-fhir-adapter").audience(endpoint)
                .claim("jti", java.util.UUID.randomUUID().toString()).expiresIn(120)
                .jws().algorithm(SignatureAlgorithm.RS384).sign(generator.generateKeyPair().getPrivate());
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("system/Patient.rs",
                StandardCharsets.UTF_8) + "&client_assertion_type=" + URLEncoder.encode(
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + forged;
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(400, 401);
        assertThat(response.body()).contains("invalid_client");
    }
}
