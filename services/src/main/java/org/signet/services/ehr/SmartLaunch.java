package org.signet.services.ehr;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The sandbox EHR's side of a SMART EHR launch: the opaque {@code launch} value it hands the app is the launch context
 * (patient, encounter, its FHIR base, the app it is for) signed HS256 with the secret realm {@code ehr}'s
 * {@code smart-launch-context} step checks (the keycloak-smart-launch module), single use and short-lived.
 */
public final class SmartLaunch {

    /** How long a launch may wait for the app to start its authorization. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private final MACSigner signer;
    private final String fhirBase;

    /**
     * @param secret   the launch secret shared with realm {@code ehr} (at least 32 characters)
     * @param fhirBase the sandbox's FHIR base URL, which the app's {@code aud} must name
     */
    public SmartLaunch(String secret, String fhirBase) {
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the launch secret is too short for HS256", e);
        }
        this.fhirBase = fhirBase;
    }

    /** A launch of app {@code clientId} on {@code patient} and, when not null, {@code encounter} (FHIR ids). */
    public String mint(String clientId, String patient, String encounter) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(clientId)
                .claim("patient", patient)
                .claim("fhir", fhirBase)
                .jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(Instant.now().plus(LIFETIME)));
        if (encounter != null) {
            claims.claim("encounter", encounter);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a launch context", e);
        }
        return jwt.serialize();
    }
}
