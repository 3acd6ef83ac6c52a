package org.signet.services.ehr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The client side of SMART Backend Services for local tools and tests: discover the token endpoint, sign a
 * client assertion (RS384, unique {@code jti}, five-minute {@code exp}), trade it for an access token.
 */
public final class SmartBackendServicesClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String fhirBaseUrl;
    private final String clientId;
    private final PrivateKey key;

    public SmartBackendServicesClient(String fhirBaseUrl, String clientId, PrivateKey key) {
        this.fhirBaseUrl = fhirBaseUrl;
        this.clientId = clientId;
        this.key = key;
    }

    /** {@code token_endpoint} of the server's {@code .well-known/smart-configuration}. */
    public String tokenEndpoint() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(fhirBaseUrl + "/.well-known/smart-configuration")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("discovery answered " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("token_endpoint").asText();
    }

    /** A signed client assertion for {@code tokenEndpoint}. */
    public String clientAssertion(String tokenEndpoint) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId).subject(clientId).audience(tokenEndpoint)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).type(
                com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the client assertion", e);
        }
        return jwt.serialize();
    }

    /** The token endpoint's whole JSON answer; throws with its error text when it refuses. */
    public JsonNode requestToken(String scope) throws IOException, InterruptedException {
        String tokenEndpoint = tokenEndpoint();
        String form = "grant_type=client_credentials"
                + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&client_assertion_type=" + URLEncoder.encode(
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + clientAssertion(tokenEndpoint);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new TokenRefusedException(response.statusCode(), body.path("error").asText(),
                    body.path("error_description").asText());
        }
        return body;
    }

    public String accessToken(String scope) throws IOException, InterruptedException {
        return requestToken(scope).path("access_token").asText();
    }

    /** The authorization server said no. */
    public static final class TokenRefusedException extends IOException {
        private final int status;
        private final String error;

        TokenRefusedException(int status, String error, String description) {
            super("token endpoint answered " + status + " " + error + ": " + description);
            this.status = status;
            this.error = error;
        }

        public int status() {
            return status;
        }

        public String error() {
            return error;
        }
    }
}
