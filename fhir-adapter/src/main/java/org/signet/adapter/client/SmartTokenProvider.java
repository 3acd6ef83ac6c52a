package org.signet.adapter.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.signet.adapter.config.AdapterConfig;

/**
 * SMART Backend Services (SMART App Launch 2.x): discovers the EHR's token endpoint, authenticates with a signed
 * JWT client assertion ({@code private_key_jwt}, RS384 by default, unique {@code jti}, five-minute {@code exp}) and
 * caches each access token, per scope set, until shortly before it expires. Assertions carry the EHR's time, as its
 * responses' {@code Date} headers tell it ({@link EhrClock}), so a host clock minutes off does not lock fhir-adapter
 * out. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class SmartTokenProvider {

    private static final Logger LOG = Logger.getLogger(SmartTokenProvider.class);
    private final ObjectMapper json;
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);

    private final AdapterConfig.Ehr config;
    private final HttpClient http;
    private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
    private final EhrClock ehrClock = new EhrClock();
    private volatile String tokenEndpoint;
    private volatile PrivateKey key;

    private record CachedToken(String value, Instant renewAfter) {}

    public SmartTokenProvider(AdapterConfig config, ObjectMapper json) {
        this.json = json;
        this.config = config.ehr();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.connectTimeout()).build();
    }

    /** An access token granting (at most) {@code scopes}, e.g. {@code system/Condition.rs}. */
    public String accessToken(Set<String> scopes) {
        String scope = String.join(" ", new TreeSet<>(scopes));
        CachedToken cached = cache.get(scope);
        if (cached != null && Instant.now().isBefore(cached.renewAfter())) {
            return cached.value();
        }
        CachedToken fresh = requestToken(scope);
        cache.put(scope, fresh);
        return fresh.value();
    }

    /** Forgets the cached token for these scopes (the EHR answered 401 with it). */
    public void invalidate(Set<String> scopes) {
        cache.remove(String.join(" ", new TreeSet<>(scopes)));
    }

    /** {@code token_endpoint} from {@code {base}/.well-known/smart-configuration}, discovered once. */
    public String tokenEndpoint() {
        String endpoint = tokenEndpoint;
        if (endpoint != null) {
            return endpoint;
        }
        URI discovery = URI.create(config.baseUrl() + "/.well-known/smart-configuration");
        HttpResponse<String> response = send(HttpRequest.newBuilder(discovery).GET()
                .header("Accept", "application/json").timeout(config.readTimeout()).build(), "SMART discovery");
        if (response.statusCode() != 200) {
            throw new EhrException(response.statusCode() >= 500 ? EhrException.Kind.UNAVAILABLE
                    : EhrException.Kind.CREDENTIALS_REFUSED, response.statusCode(),
                    "SMART discovery answered " + response.statusCode(), null);
        }
        try {
            JsonNode doc = json.readTree(response.body());
            endpoint = doc.path("token_endpoint").asText(null);
            if (endpoint == null || endpoint.isBlank()) {
                throw new EhrException(EhrException.Kind.CREDENTIALS_REFUSED, 200,
                        "SMART discovery names no token_endpoint", null);
            }
        } catch (IOException e) {
            throw new EhrException(EhrException.Kind.UNAVAILABLE, 200, "SMART discovery is not JSON", e);
        }
        tokenEndpoint = endpoint;
        return endpoint;
    }

    /** A client assertion for the token endpoint (exposed for tests that check what Keycloak verifies). */
    public String clientAssertion(String audience) {
        Instant now = ehrClock.now();
        var claims = Jwt.issuer(config.clientId())
                .subject(config.clientId())
                .audience(audience)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(ASSERTION_LIFETIME));
        SignatureAlgorithm alg = SignatureAlgorithm.fromAlgorithm(config.signingAlg());
        return claims.jws().algorithm(alg).header("typ", "JWT").sign(privateKey());
    }

    private CachedToken requestToken(String scope) {
        String endpoint = tokenEndpoint();
        String form = "grant_type=client_credentials"
                + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&client_assertion_type=" + URLEncoder.encode(
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + clientAssertion(endpoint);
        Instant asked = Instant.now();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .timeout(config.readTimeout())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), "the EHR token endpoint");
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new EhrException(EhrException.Kind.UNAVAILABLE, response.statusCode(),
                    "the EHR token endpoint answered " + response.statusCode() + " without JSON", e);
        }
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            // error and error_description come from the authorization server and name the client, never a patient
            String error = body.path("error").asText("?") + ": " + body.path("error_description").asText("");
            LOG.warnf("EHR token request refused (%d %s)", response.statusCode(), error);
            throw new EhrException(response.statusCode() >= 500 ? EhrException.Kind.UNAVAILABLE
                    : EhrException.Kind.CREDENTIALS_REFUSED, response.statusCode(),
                    "the EHR's authorization server refused fhir-adapter (" + response.statusCode() + " " + error
                            + ")", null);
        }
        long expiresIn = body.path("expires_in").asLong(300);
        Instant renewAfter = asked.plusSeconds(expiresIn).minus(config.tokenRefreshSkew());
        return new CachedToken(body.get("access_token").asText(), renewAfter);
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            Instant sent = Instant.now();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            ehrClock.observe(response.headers().firstValue("Date"), sent, Instant.now());
            return response;
        } catch (IOException e) {
            throw new EhrException(EhrException.Kind.UNAVAILABLE, 0, what + " is unreachable ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EhrException(EhrException.Kind.UNAVAILABLE, 0, "interrupted while calling " + what, e);
        }
    }

    private PrivateKey privateKey() {
        PrivateKey loaded = key;
        if (loaded != null) {
            return loaded;
        }
        String path = config.keyStore().orElseThrow(() -> new EhrException(EhrException.Kind.CREDENTIALS_REFUSED, 0,
                "signet.adapter.ehr.key-store is not configured: fhir-adapter has no EHR client key", null));
        char[] password = config.keyStorePassword().orElse("").toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            loaded = (PrivateKey) store.getKey(config.keyAlias(), password);
        } catch (IOException | GeneralSecurityException e) {
            throw new EhrException(EhrException.Kind.CREDENTIALS_REFUSED, 0, "cannot read the EHR client key from "
                    + "signet.adapter.ehr.key-store (" + e.getClass().getSimpleName() + ")", e);
        }
        if (loaded == null) {
            throw new EhrException(EhrException.Kind.CREDENTIALS_REFUSED, 0, "the EHR key store has no key under "
                    + "alias " + config.keyAlias(), null);
        }
        key = loaded;
        return loaded;
    }
}
