package org.signet.signoff.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Realm-{@code signet} tokens for users who arrived by an EHR launch, from Keycloak itself: signoff-service asserts
 * "the user {@code <fhirUser>} of the EHR {@code <iss>}" in a three-minute RS256 JWT, and Keycloak's JWT authorization
 * grant (RFC 7523) answers with an access token for the Signet user an admin linked to that subject in identity
 * provider {@code ehr-launch}, or "User not found". Signet never mints an access token itself, and Keycloak checks on
 * every grant that the user is still enabled and linked.
 */
@ApplicationScoped
public class SignetUserTokens {

    private final ObjectMapper json;
    /**
     * Keycloak accepts an assertion while its {@code exp} is ahead of Keycloak's own clock (no skew allowed there), so
     * the lifetime outlasts the two minutes a host's clock may lag (issue 23), with a margin; realm {@code signet}'s
     * {@code ehr-launch} allows 150 s of skew for {@code iat} and at most 300 s of assertion life.
     */
    private static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(180);
    /** Keycloak's words when the asserted subject has no usable Signet user: unlinked, disabled, not set up. */
    private static final Pattern USER_REFUSED = Pattern.compile(
            "user not found|user is not enabled|account is not fully set up", Pattern.CASE_INSENSITIVE);

    /** A realm-signet access token and when it expires. */
    public record UserToken(String accessToken, Instant expiresAt) {}

    /** The EHR user is linked to no Signet user (or to a disabled one). */
    public static final class NotLinked extends RuntimeException {
        NotLinked(String keycloakSays) {
            super(keycloakSays);
        }
    }

    private final WebClient http;
    private final String realmUrl;
    private final String clientId;
    private final String clientSecret;
    private final String issuer;
    private final Optional<PrivateKey> key;

    public SignetUserTokens(Vertx vertx, SmartConfig smart,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl,
            @ConfigProperty(name = "quarkus.oidc.client-id") String clientId,
            @ConfigProperty(name = "quarkus.oidc.credentials.secret") Optional<String> clientSecret,
            ObjectMapper json) {
        this.json = json;
        this.http = WebClient.create(vertx);
        this.realmUrl = realmUrl.endsWith("/") ? realmUrl.substring(0, realmUrl.length() - 1) : realmUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret.orElse("");
        this.issuer = smart.assertion().issuer();
        this.key = smart.assertion().privateKey().map(SignetUserTokens::privateKey);
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** The subject Signet asserts for an EHR user: the EHR's FHIR base and the user's resource. */
    public static String subject(String iss, String fhirUser) {
        return (iss.endsWith("/") ? iss.substring(0, iss.length() - 1) : iss) + "#" + fhirUser;
    }

    /**
     * A fresh realm-signet token for {@code subject}.
     *
     * @throws NotLinked (in the Uni) when Keycloak knows no user linked to it
     */
    @Timeout
    public Uni<UserToken> tokenFor(String subject) {
        if (key.isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "signet.smart.assertion.private-key is not configured: no EHR launch can sign anyone in"));
        }
        String assertion;
        try {
            assertion = assertion(subject);
        } catch (JOSEException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot sign the user assertion", e));
        }
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .add("assertion", assertion);
        return http.postAbs(realmUrl + "/protocol/openid-connect/token")
                .putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)))
                .putHeader("Accept", "application/json")
                .sendForm(form)
                .map(response -> {
                    JsonNode body;
                    try {
                        body = json.readTree(response.bodyAsString());
                    } catch (Exception e) {
                        throw new IllegalStateException("Keycloak's answer to the user assertion is not JSON ("
                                + response.statusCode() + ")");
                    }
                    String description = body.path("error_description").asText("");
                    if (response.statusCode() == 400 && "invalid_grant".equals(body.path("error").asText())
                            && USER_REFUSED.matcher(description).find()) {
                        throw new NotLinked(description);
                    }
                    if (response.statusCode() != 200) {
                        // e.g. "Token is not active": the assertion itself was refused, which says nothing of the
                        // user's link (a session must not end over it)
                        throw new IllegalStateException("Keycloak refused signoff's user assertion: "
                                + response.statusCode() + " " + body.path("error").asText() + " (" + description + ")");
                    }
                    return new UserToken(body.path("access_token").asText(),
                            Instant.now().plusSeconds(body.path("expires_in").asLong(60)));
                });
    }

    private String assertion(String subject) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .subject(subject)
                        .audience(realmUrl)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                        .jwtID(UUID.randomUUID().toString())
                        .build());
        jwt.sign(new RSASSASigner(key.orElseThrow()));
        return jwt.serialize();
    }

    private static PrivateKey privateKey(String pkcs8Base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8Base64.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("signet.smart.assertion.private-key is not a base64 PKCS#8 RSA key", e);
        }
    }
}
