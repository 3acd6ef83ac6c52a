package org.signet.signoff.smart;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Signet as a SMART app. Each trusted EHR is {@code signet.smart.ehrs.<name>.issuer} (its FHIR base URL, the
 * {@code iss} of its launches) and {@code .client-id} (Signet's client id there), so
 * {@code SIGNET_SMART_EHRS_<NAME>_ISSUER} and {@code ..._CLIENT_ID} add one from the environment. A launch from any
 * other {@code iss} is refused and never redirected to.
 */
@ConfigMapping(prefix = "signet.smart")
public interface SmartConfig {

    /** The trusted EHRs, by name. */
    Map<String, Ehr> ehrs();

    /** The redirect URI registered with every EHR: this service's {@code /launch/callback}, as browsers reach it. */
    @WithDefault("http://localhost:8184/launch/callback")
    String redirectUri();

    /** How long a launch may take from the redirect to the EHR until the callback. */
    @WithDefault("PT10M")
    Duration launchLifetime();

    /** How long a launched session lasts (absolute; logout ends it sooner). */
    @WithDefault("PT8H")
    Duration sessionLifetime();

    /** The session cookie's {@code Secure} flag: off only for plain-http local development. */
    @WithDefault("true")
    boolean cookieSecure();

    /** Signoff's assertions to realm {@code signet} that a launched EHR user is its linked Signet user. */
    Assertion assertion();

    interface Ehr {
        /** The EHR's FHIR base URL: the {@code iss} of its launches and the {@code aud} Signet asks tokens for. */
        String issuer();

        /** Signet's client id at the EHR's authorization server. */
        String clientId();

        /** The client secret, for an EHR that registered Signet as a confidential symmetric client. */
        Optional<String> clientSecret();

        /** Scopes asked for beyond {@code openid fhirUser} and the launch scope. */
        @WithDefault("patient/Patient.rs patient/Encounter.rs")
        String scopes();
    }

    interface Assertion {
        /**
         * The {@code iss} of the assertions: realm {@code signet}'s identity provider for launched users trusts this
         * issuer and the public half of {@link #privateKey}.
         */
        @WithDefault("https://signet.example.org/signoff-service/ehr-launch")
        String issuer();

        /** RS256 private key, PKCS#8 DER in base64. Without it no launch can sign anyone in. */
        Optional<String> privateKey();
    }

    /** The trusted EHR whose issuer is {@code iss} (a trailing slash aside), with its name. */
    default Optional<Map.Entry<String, Ehr>> ehrByIssuer(String iss) {
        if (iss == null) {
            return Optional.empty();
        }
        String wanted = trim(iss);
        return ehrs().entrySet().stream().filter(e -> trim(e.getValue().issuer()).equals(wanted)).findFirst();
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
