package org.signet.keycloak.smart;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.regex.Pattern;
import org.keycloak.jose.jws.Algorithm;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.jose.jws.crypto.HMACProvider;

/**
 * The context of one EHR launch, as the EHR hands it to an app in the opaque {@code launch} parameter: a compact JWS
 * (HS256) that the EHR signs with a secret it shares with this authorization server, so an app can neither forge nor
 * alter it. Claims: {@code patient} and optionally {@code encounter} (FHIR logical ids), {@code fhir} (the EHR's FHIR
 * base URL, which the app's {@code aud} must name), {@code aud} (the client id it was made for), {@code exp} and
 * {@code jti} (single use).
 *
 * @param expiresAt epoch seconds
 */
public record LaunchContext(String patient, String encounter, String fhirBase, String jti, long expiresAt) {

    /** A FHIR logical id (R4 {@code id} datatype). */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** Why a launch is refused. The message names no patient and is safe to show the user and to log. */
    public static final class InvalidLaunch extends Exception {
        public InvalidLaunch(String message) {
            super(message);
        }
    }

    /**
     * Verifies {@code launch} for the app {@code clientId} at {@code nowSeconds}.
     *
     * @throws InvalidLaunch if it is not an HS256 JWS signed with {@code secret}, has expired, was made for another
     *                       app, or lacks a patient, a FHIR base or an id
     */
    public static LaunchContext verify(String launch, byte[] secret, String clientId, long nowSeconds)
            throws InvalidLaunch {
        JWSInput jws;
        try {
            jws = new JWSInput(launch);
        } catch (JWSInputException | RuntimeException e) {
            throw new InvalidLaunch("the launch parameter is not a launch context issued by this EHR");
        }
        // the algorithm is fixed, never taken from the token: "none" or an RSA key used as an HMAC secret never pass
        if (jws.getHeader() == null || jws.getHeader().getAlgorithm() != Algorithm.HS256) {
            throw new InvalidLaunch("the launch context is not signed with HS256");
        }
        if (!HMACProvider.verify(jws, secret)) {
            throw new InvalidLaunch("the launch context's signature does not verify");
        }
        JsonNode claims;
        try {
            claims = jws.readJsonContent(JsonNode.class);
        } catch (JWSInputException e) {
            throw new InvalidLaunch("the launch context is not JSON");
        }
        long exp = claims.path("exp").asLong(0);
        if (exp <= nowSeconds) {
            throw new InvalidLaunch("the launch context has expired; launch again from the EHR");
        }
        if (!clientId.equals(claims.path("aud").asText(null))) {
            throw new InvalidLaunch("the launch context was issued for another app");
        }
        String patient = claims.path("patient").asText("");
        if (!FHIR_ID.matcher(patient).matches()) {
            throw new InvalidLaunch("the launch context names no patient");
        }
        String encounter = claims.hasNonNull("encounter") ? claims.get("encounter").asText() : null;
        if (encounter != null && !FHIR_ID.matcher(encounter).matches()) {
            throw new InvalidLaunch("the launch context's encounter is not a FHIR id");
        }
        String fhirBase = claims.path("fhir").asText("");
        if (!isHttpUrl(fhirBase)) {
            throw new InvalidLaunch("the launch context names no FHIR server");
        }
        String jti = claims.path("jti").asText("");
        if (jti.isEmpty() || jti.length() > 128) {
            throw new InvalidLaunch("the launch context has no id");
        }
        return new LaunchContext(patient, encounter, withoutTrailingSlash(fhirBase), jti, exp);
    }

    /** Whether the {@code aud} an app sent names this launch's FHIR server (a trailing slash aside). */
    public boolean audienceIs(String aud) {
        return aud != null && fhirBase.equals(withoutTrailingSlash(aud.trim()));
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI uri = URI.create(s);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
