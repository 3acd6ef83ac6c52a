package org.signet.services.ehr;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a Bearer access token issued by the authorization server (the Keycloak realm): signature against the
 * issuer's JWKS (fetched from {@code {issuer}/protocol/openid-connect/certs} and cached), {@code iss}, {@code aud}
 * and {@code exp} (nimbus allows 60 s of clock skew).
 */
public final class AccessTokenVerifier {

  /** The token is missing something or is not acceptable; the message is safe to show to the client. */
  public static final class InvalidTokenException extends Exception {
    InvalidTokenException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** How many verified tokens are remembered at most (all are forgotten when it is reached). */
  static final int REMEMBERED = 1_000;

  private final ConfigurableJWTProcessor<SecurityContext> processor;
  private final Map<String, JWTClaimsSet> verified = new ConcurrentHashMap<>();

  public AccessTokenVerifier(String issuer, String audience) {
    this(issuer, audience, jwksUrl(issuer));
  }

  AccessTokenVerifier(String issuer, String audience, URL jwksUrl) {
    this(issuer, audience, jwksUrl, DefaultJWTClaimsVerifier.DEFAULT_MAX_CLOCK_SKEW_SECONDS);
  }

  AccessTokenVerifier(String issuer, String audience, URL jwksUrl, int maxClockSkewSeconds) {
    JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl).build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
        JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
        JWSAlgorithm.ES384, JWSAlgorithm.ES512), keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iss", "aud", "exp"));
    claims.setMaxClockSkew(maxClockSkewSeconds);
    p.setJWTClaimsSetVerifier(claims);
    this.processor = p;
  }

  public static URL jwksUrl(String issuer) {
    try {
      return URI.create(stripSlash(issuer) + "/protocol/openid-connect/certs").toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Issuer is not a URL: " + issuer, e);
    }
  }

  public static String tokenEndpoint(String issuer) {
    return stripSlash(issuer) + "/protocol/openid-connect/token";
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  public JWTClaimsSet verify(String token) throws InvalidTokenException {
    JWTClaimsSet known = verified.get(token);
    if (known != null) {
      if (known.getExpirationTime().after(new Date())) {
        return known;
      }
      verified.remove(token);
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (Exception e) {
      throw new InvalidTokenException("Access token rejected: " + e.getMessage(), e);
    }
    if (verified.size() >= REMEMBERED) {
      verified.clear();
    }
    verified.put(token, claims);
    return claims;
  }
}
