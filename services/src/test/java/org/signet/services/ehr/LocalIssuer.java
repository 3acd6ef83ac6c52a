package org.signet.services.ehr;

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
import java.util.UUID;

/** A token issuer for tests: an RSA key, its JWKS where Keycloak serves a realm's, and access tokens it signs. */
final class LocalIssuer implements AutoCloseable {

  static final String AUDIENCE = "sandbox-ehr";

  final RSAKey signingKey;
  final String issuer;
  private final HttpServer jwks;

  LocalIssuer() throws Exception {
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

  /** A token signed with {@code key} (another key than {@link #signingKey}: a forged one); no scope claim if null. */
  static String token(RSAKey key, String iss, String aud, Date exp, String scope) throws Exception {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(iss).audience(aud).expirationTime(exp)
        .issueTime(new Date()).subject("service-account-fhir-adapter").jwtID(UUID.randomUUID().toString());
    if (scope != null) {
      claims.claim("scope", scope);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        claims.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** A token of this issuer for {@link #AUDIENCE}. */
  String token(Date exp, String scope) throws Exception {
    return token(signingKey, issuer, AUDIENCE, exp, scope);
  }

  @Override
  public void close() {
    jwks.stop(0);
  }
}
