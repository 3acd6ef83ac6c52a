package org.signet.signoff.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The id_token checks of a launch's end, against a key set of one RSA key without a key id (as smart-launcher's).
 * Each bad token is refused with {@link LaunchRefused}, never accepted.
 */
class EhrTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://ehr.example.test/auth";
    private static final String APP = "signet-smart";
    private static final String NONCE = "nonce-1";
    private static final RSAKey KEY = generate();
    private static final SmartServer SERVER = new SmartServer(URI.create(ISSUER + "/authorize"),
            URI.create(ISSUER + "/token"), ISSUER, URI.create(ISSUER + "/jwks"), List.of("launch-ehr"));
    private static final SmartConfig.Ehr EHR = new SmartConfig.Ehr() {
        public String issuer() {
            return "https://ehr.example.test/fhir";
        }

        public String clientId() {
            return APP;
        }

        public Optional<String> clientSecret() {
            return Optional.empty();
        }

        public String scopes() {
            return "";
        }
    };

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).generate(); // no key id
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(APP).subject("user-1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", NONCE).claim("fhirUser", "Practitioner/abc-1");
    }

    private static String signed(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
    }

    private static ObjectNode response(String idToken) {
        ObjectNode tokens = JSON.createObjectNode().put("access_token", "opaque").put("id_token", idToken)
                .put("patient", "pat-1").put("encounter", "enc-1").put("scope", "launch openid fhirUser");
        return tokens;
    }

    private static EhrTokens.Launched verify(ObjectNode tokens) {
        return EhrTokens.verify(SERVER, EHR, tokens, NONCE, new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())));
    }

    private static void refused(ObjectNode tokens, String reason) {
        LaunchRefused refused = assertThrows(LaunchRefused.class, () -> verify(tokens));
        assertEquals(reason, refused.reason(), refused.getMessage());
        assertEquals(400, refused.status());
    }

    @Test
    void aGoodIdTokenGivesTheUserAndTheLaunchContext() throws Exception {
        EhrTokens.Launched launched = verify(response(signed(claims().build())));
        assertEquals("Practitioner/abc-1", launched.fhirUser());
        assertEquals("pat-1", launched.patient());
        assertEquals("enc-1", launched.encounter());
    }

    @Test
    void smartV1sProfileClaimNamesTheUserToo() throws Exception {
        JWTClaimsSet v1 = claims().claim("fhirUser", null).claim("profile", "Practitioner/abc-2").build();
        assertEquals("Practitioner/abc-2", verify(response(signed(v1))).fhirUser());
    }

    @Test
    void anExpiredUnsignedForeignMisdirectedOrReplayedIdTokenIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        refused(response(signed(claims().issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60)))
                .build())), "id-token-invalid");
        refused(response(new PlainJWT(new PlainHeader(), claims().build()).serialize()), "id-token-invalid");
        refused(response(signed(claims().issuer("https://other.example.test").build())), "id-token-invalid");
        refused(response(signed(claims().audience("another-app").build())), "id-token-invalid");
        refused(response(signed(claims().claim("nonce", "from-another-authorization").build())), "id-token-invalid");
        // signed with a key the EHR does not publish
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims().build());
        forged.sign(new RSASSASigner(generate()));
        refused(response(forged.serialize()), "id-token-invalid");
        // an HMAC "signed" with the public key as secret (the classic algorithm confusion)
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hmac.sign(new MACSigner(KEY.toPublicJWK().toRSAPublicKey().getEncoded()));
        refused(response(hmac.serialize()), "id-token-invalid");
        refused(response(""), "no-id-token");
    }

    @Test
    void aTokenWithoutAUserOrWithABadContextIsRefused() throws Exception {
        refused(response(signed(claims().claim("fhirUser", null).build())), "no-fhir-user");
        refused(response(signed(claims().claim("fhirUser", "javascript:alert(1)").build())), "no-fhir-user");
        ObjectNode badPatient = response(signed(claims().build())).put("patient", "<script>");
        refused(badPatient, "bad-context");
        assertTrue(verify(response(signed(claims().build())).put("encounter", "")).encounter() == null,
                "an empty encounter is no encounter");
    }
}
