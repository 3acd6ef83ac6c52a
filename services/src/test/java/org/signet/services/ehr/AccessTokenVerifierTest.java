package org.signet.services.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A verified token is remembered, but never past its expiry, and a rejected one is never remembered. */
class AccessTokenVerifierTest {

  private static LocalIssuer issuer;

  @BeforeAll
  static void start() throws Exception {
    issuer = new LocalIssuer();
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
    AccessTokenVerifier verifier = new AccessTokenVerifier(issuer.issuer, LocalIssuer.AUDIENCE,
        AccessTokenVerifier.jwksUrl(issuer.issuer), 0);
    String token = issuer.token(new Date(System.currentTimeMillis() + 1_500), "system/Patient.rs");
    assertEquals("system/Patient.rs", verifier.verify(token).getStringClaim("scope"));
    assertEquals("system/Patient.rs", verifier.verify(token).getStringClaim("scope"));
    Thread.sleep(1_700);
    assertThrows(AccessTokenVerifier.InvalidTokenException.class, () -> verifier.verify(token));
  }

  @Test
  void aRejectedTokenStaysRejected() throws Exception {
    AccessTokenVerifier verifier = new AccessTokenVerifier(issuer.issuer, LocalIssuer.AUDIENCE,
        AccessTokenVerifier.jwksUrl(issuer.issuer));
    String forged = LocalIssuer.token(new RSAKeyGenerator(2048).keyID("k1").generate(), issuer.issuer,
        LocalIssuer.AUDIENCE, new Date(System.currentTimeMillis() + 300_000), "system/*.rs");
    for (int i = 0; i < 3; i++) {
      assertThrows(AccessTokenVerifier.InvalidTokenException.class, () -> verifier.verify(forged));
    }
    String good = issuer.token(new Date(System.currentTimeMillis() + 300_000), "system/*.rs");
    assertEquals(issuer.issuer, verifier.verify(good).getIssuer());
  }
}
