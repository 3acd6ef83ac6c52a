package org.signet.signoff.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The EHR half of a launch's end: the authorization code exchanged at the EHR's token endpoint (PKCE verifier, and
 * the client secret when the EHR gave one), and the id_token in the answer checked against the EHR's key set —
 * signature (RSA or EC only: never "none", never an HMAC), issuer, audience, expiry and nonce. The EHR's access and
 * refresh tokens are not kept: Signet reads the chart through fhir-adapter, never with the clinician's EHR token.
 */
@ApplicationScoped
public class EhrTokens {

    private final ObjectMapper json;
    private static final Set<JWSAlgorithm> SIGNATURES = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** A user's FHIR resource, relative or absolute: Practitioner/123, https://ehr/fhir/Practitioner/123. */
    private static final Pattern FHIR_REFERENCE = Pattern.compile(
            "(?:https?://[^\\s]+/)?(?:Practitioner|PractitionerRole|Patient|RelatedPerson|Person)/[A-Za-z0-9\\-.]{1,64}");

    /** What a launch established, from the token response and its checked id_token. */
    public record Launched(String fhirUser, String patient, String encounter, String scope) {}

    private final WebClient http;
    /** One key source per JWKS URL: Nimbus caches the keys and refetches on an unknown key id. */
    private final Map<URI, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();

    public EhrTokens(Vertx vertx, ObjectMapper json) {
        this.json = json;
        this.http = WebClient.create(vertx);
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** Exchanges the code once (never retried: a code is single use) and returns the token response. */
    @Timeout
    public Uni<JsonNode> exchange(SmartServer server, SmartConfig.Ehr ehr, String code, String redirectUri,
            String codeVerifier) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", redirectUri)
                .add("code_verifier", codeVerifier);
        var request = http.postAbs(server.tokenEndpoint().toString()).putHeader("Accept", "application/json");
        if (ehr.clientSecret().isPresent()) {
            request.putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (ehr.clientId() + ":" + ehr.clientSecret().get()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } else {
            form.add("client_id", ehr.clientId());
        }
        return request.sendForm(form).map(response -> {
            if (response.statusCode() == 400 || response.statusCode() == 401) {
                throw LaunchRefused.badRequest("code-refused", "The EHR refused the authorization code (used twice, "
                        + "expired or not issued to Signet). Launch again from the EHR.");
            }
            if (response.statusCode() != 200) {
                throw LaunchRefused.ehrUnavailable("The EHR's token endpoint answered " + response.statusCode() + ".");
            }
            try {
                return json.readTree(response.bodyAsString());
            } catch (Exception e) {
                throw LaunchRefused.ehrUnavailable("The EHR's token response is not JSON.");
            }
        });
    }

    /**
     * Checks the token response's id_token (blocking: the key set may be fetched) and reads the launch from it.
     *
     * @throws LaunchRefused when the id_token is missing, unsigned, forged, expired, for another app or issuer, replays
     *                       another authorization (nonce), or names no FHIR user
     */
    public Launched verify(SmartServer server, SmartConfig.Ehr ehr, JsonNode tokens, String nonce) {
        return verify(server, ehr, tokens, nonce, keySource(server.jwksUri()));
    }

    /** {@link #verify(SmartServer, SmartConfig.Ehr, JsonNode, String)} against the given key set. */
    static Launched verify(SmartServer server, SmartConfig.Ehr ehr, JsonNode tokens, String nonce,
            JWKSource<SecurityContext> keys) {
        String idToken = tokens.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw LaunchRefused.badRequest("no-id-token", "The EHR's answer has no id_token: Signet asked for "
                    + "openid fhirUser and cannot tell who launched it.");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(SIGNATURES, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(ehr.clientId(),
                new JWTClaimsSet.Builder().issuer(server.issuer()).claim("nonce", nonce).build(),
                Set.of("sub", "exp", "iat")));
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException | BadJOSEException e) {
            throw LaunchRefused.badRequest("id-token-invalid", "The EHR's id_token does not hold: " + e.getMessage());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw LaunchRefused.ehrUnavailable("The EHR's key set could not be read to check its id_token.");
        }
        String fhirUser = stringClaim(claims, "fhirUser");
        if (fhirUser == null) {
            fhirUser = stringClaim(claims, "profile"); // SMART v1 named the user's resource "profile"
        }
        if (fhirUser == null || fhirUser.isBlank()) {
            throw LaunchRefused.badRequest("no-fhir-user", "The EHR's id_token names no fhirUser.");
        }
        String patient = text(tokens, "patient");
        String encounter = text(tokens, "encounter");
        if (patient != null && !FHIR_ID.matcher(patient).matches()
                || encounter != null && !FHIR_ID.matcher(encounter).matches()) {
            throw LaunchRefused.badRequest("bad-context", "The EHR's launch context is not a FHIR id.");
        }
        if (!FHIR_REFERENCE.matcher(fhirUser).matches()) {
            throw LaunchRefused.badRequest("no-fhir-user", "The EHR's fhirUser is not a FHIR user resource.");
        }
        return new Launched(fhirUser, patient, encounter, text(tokens, "scope"));
    }

    private JWKSource<SecurityContext> keySource(URI jwks) {
        return keys.computeIfAbsent(jwks, uri -> {
            try {
                return JWKSourceBuilder.<SecurityContext>create(uri.toURL(), new DefaultResourceRetriever(3000, 3000))
                        .build();
            } catch (MalformedURLException e) {
                throw LaunchRefused.ehrUnavailable("The EHR's jwks_uri is not a URL.");
            }
        });
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value == null ? null : value.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
