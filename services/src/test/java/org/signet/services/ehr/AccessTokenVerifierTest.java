package org.signet.services.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A verified token is remembered, but never past its expiry, and a rejected one is never remembered. */
class AccessTokenVerifierTest {

  private static final String AUDIENCE = "sandbox-ehr";
  private static RSAKey signingKey;
  private static HttpServer jwks;
  private static String issuer;

  @BeforeAll
  static void start() throws Exception {
    signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] keys = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/realms/ehr/protocol/openid-connect/certs", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, keys.length);
      exchange.getResponseBody().write(keys);
      exchange.close();
    });
    jwks.start();
    issuer = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/realms/ehr";
  }

  @AfterAll
  static void stop() {
    jwks.stop(0);
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
    AccessTokenVerifier verifier = new AccessTokenVerifier(issuer, AUDIENCE, AccessTokenVerifier.jwksUrl(issuer), 0);
    String token = token(signingKey, new Date(System.currentTimeMillis() + 1_500), "system/Patient.rs");
    assertEquals("system/Patient.rs", verifier.verify(token).getStringClaim("scope"));
    assertEquals("system/Patient.rs", verifier.verify(token).getStringClaim("scope"));
    Thread.sleep(1_700);
    assertThrows(AccessTokenVerifier.InvalidTokenException.class, () -> verifier.verify(token));
  }

  @Test
  void aRejectedTokenStaysRejected() throws Exception {
    AccessTokenVerifier verifier = new AccessTokenVerifier(issuer, AUDIENCE, AccessTokenVerifier.jwksUrl(issuer));
    String forged = token(new RSAKeyGenerator(2048).keyID("k1").generate(),
        new Date(System.currentTimeMillis() + 300_000), "system/*.rs");
    for (int i = 0; i < 3; i++) {
      assertThrows(AccessTokenVerifier.InvalidTokenException.class, () -> verifier.verify(forged));
    }
    String good = token(signingKey, new Date(System.currentTimeMillis() + 300_000), "system/*.rs");
    assertEquals(issuer, verifier.verify(good).getIssuer());
  }

  private static String token(RSAKey key, Date exp, String scope) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).expirationTime(exp)
        .issueTime(new Date()).subject("service-account-fhir-adapter").claim("scope", scope).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
