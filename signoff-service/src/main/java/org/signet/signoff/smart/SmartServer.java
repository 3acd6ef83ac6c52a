package org.signet.signoff.smart;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What an EHR's {@code .well-known/smart-configuration} says Signet needs: where to send the browser, where to
 * exchange the code, and the OpenID issuer and key set its id_tokens are checked against.
 */
public record SmartServer(URI authorizationEndpoint, URI tokenEndpoint, String issuer, URI jwksUri,
        List<String> capabilities) {

    /**
     * Reads a discovery document. An EHR without OpenID Connect cannot tell Signet who its user is, so a document
     * without {@code issuer} or {@code jwks_uri} is refused, as is one whose endpoints are not http(s) URLs.
     */
    static SmartServer of(JsonNode doc) {
        List<String> capabilities = new ArrayList<>();
        doc.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        String issuer = doc.path("issuer").asText("");
        if (issuer.isEmpty()) {
            throw LaunchRefused.badRequest("ehr-without-openid", "The EHR's SMART configuration names no OpenID "
                    + "issuer (capability sso-openid-connect): Signet cannot learn who is launching it.");
        }
        return new SmartServer(url(doc, "authorization_endpoint"), url(doc, "token_endpoint"), issuer,
                url(doc, "jwks_uri"), List.copyOf(capabilities));
    }

    private static URI url(JsonNode doc, String field) {
        String value = doc.path(field).asText("");
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw LaunchRefused.badRequest("ehr-configuration", "The EHR's SMART configuration has no usable " + field
                + ".");
    }
}
