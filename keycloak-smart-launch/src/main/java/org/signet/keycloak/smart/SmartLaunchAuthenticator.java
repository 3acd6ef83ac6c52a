package org.signet.keycloak.smart;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The first step of the SMART app's browser flow in the EHR's realm: when the app asks for scope {@code launch}, the
 * {@code launch} parameter must be a {@link LaunchContext} this EHR signed for that app, unused, unexpired, and the
 * app's {@code aud} must name the EHR's FHIR server; its patient and encounter then become notes of the app's client
 * session, which {@link SmartLaunchContextMapper} puts into the tokens. It runs before the login form, so a bad launch
 * is refused before anyone types a password.
 *
 * <p>Keycloak keeps authorization request parameters it does not know as client notes named
 * {@code client_request_param_<name>}; that is how {@code launch} and {@code aud} reach this step.
 *
 * <p>A Keycloak client session lives as long as the user's SSO session, so a later launch of the same app in the same
 * browser replaces the context: two launches of one app racing in two tabs of one browser share it. Real EHRs keep
 * launch context per authorization; this sandbox accepts that limit.
 */
public final class SmartLaunchAuthenticator implements Authenticator {

    static final String LAUNCH_PARAM = "client_request_param_launch";
    static final String AUD_PARAM = "client_request_param_aud";
    static final String PATIENT_NOTE = "smart.patient";
    static final String ENCOUNTER_NOTE = "smart.encounter";
    /** Seconds a used launch id is remembered beyond its expiry, against clock skew. */
    private static final long REPLAY_MARGIN_SECONDS = 60;

    private static final Logger LOG = Logger.getLogger(SmartLaunchAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        // the client session outlives one launch: never let an earlier launch's patient stand in for this one
        auth.setClientNote(PATIENT_NOTE, "");
        auth.setClientNote(ENCOUNTER_NOTE, "");
        Set<String> scopes = scopes(auth.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        if (!scopes.contains("launch")) {
            if (scopes.contains("launch/patient")) {
                pickPatient(context);
                return;
            }
            context.success();
            return;
        }
        accept(context, auth.getClientNote(LAUNCH_PARAM), "The app asked for scope launch without the launch "
                + "parameter the EHR gave it.");
    }

    /**
     * Standalone launch ({@code launch/patient}): the browser goes to the EHR's patient picker, which comes back to
     * this step ({@link #action}) with a launch context it signed for the chosen patient.
     */
    private static void pickPatient(AuthenticationFlowContext context) {
        String picker = configured(context.getAuthenticatorConfig(), SmartLaunchAuthenticatorFactory.PICKER_URL);
        if (picker == null) {
            refuse(context, "This EHR does not offer a patient picker for standalone launch; launch the app from a "
                    + "patient's chart in the EHR.");
            return;
        }
        String back = context.getActionUrl(context.generateAccessCode()).toString();
        context.challenge(Response.seeOther(UriBuilder.fromUri(picker)
                .queryParam("client_id", context.getAuthenticationSession().getClient().getClientId())
                .queryParam("return", back).build()).build());
    }

    /** The picker's answer: the chosen patient's launch context, checked as an EHR launch's is. */
    @Override
    public void action(AuthenticationFlowContext context) {
        accept(context, context.getUriInfo().getQueryParameters().getFirst("launch"),
                "The patient picker answered without a launch context.");
    }

    /** Checks a launch context and keeps its patient and encounter, or refuses with {@code missing}'s message. */
    private static void accept(AuthenticationFlowContext context, String launch, String missing) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        if (launch == null || launch.isBlank()) {
            refuse(context, missing);
            return;
        }
        byte[] secret = secret(context.getAuthenticatorConfig());
        if (secret == null) {
            LOG.error("the SMART launch step has no launch.secret configured; every EHR launch is refused");
            context.failure(AuthenticationFlowError.INTERNAL_ERROR, context.form()
                    .setError("SMART launch is not configured on this EHR.")
                    .createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
            return;
        }
        String clientId = auth.getClient().getClientId();
        LaunchContext launched;
        try {
            launched = LaunchContext.verify(launch, secret, clientId, Time.currentTime());
        } catch (LaunchContext.InvalidLaunch e) {
            refuse(context, "Launch refused: " + e.getMessage() + ".");
            return;
        }
        if (!launched.audienceIs(auth.getClientNote(AUD_PARAM))) {
            refuse(context, "Launch refused: the app's aud does not name this EHR's FHIR server.");
            return;
        }
        long lifespan = launched.expiresAt() - Time.currentTime() + REPLAY_MARGIN_SECONDS;
        if (!context.getSession().singleUseObjects().putIfAbsent("smart-launch." + launched.jti(), lifespan)) {
            refuse(context, "Launch refused: this launch was already used; launch again from the EHR.");
            return;
        }
        auth.setClientNote(PATIENT_NOTE, launched.patient());
        auth.setClientNote(ENCOUNTER_NOTE, launched.encounter() == null ? "" : launched.encounter());
        context.getEvent().detail("smart_launch", launched.jti());
        LOG.debugf("SMART launch %s accepted for client %s", launched.jti(), clientId);
        context.success();
    }

    /** Ends the flow on an error page (400) and records the refusal in the realm's events. */
    private static void refuse(AuthenticationFlowContext context, String message) {
        context.getEvent().detail("smart_launch_refused", message);
        LOG.infof("SMART launch refused for client %s: %s", context.getAuthenticationSession().getClient().getClientId(),
                message);
        context.failure(AuthenticationFlowError.ACCESS_DENIED,
                context.form().setError(message).createErrorPage(Response.Status.BAD_REQUEST));
    }

    private static byte[] secret(AuthenticatorConfigModel config) {
        String secret = configured(config, SmartLaunchAuthenticatorFactory.LAUNCH_SECRET);
        // HS256 wants at least 256 bits of key; a short one is a configuration error
        return secret == null || secret.length() < 32 ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A configured value, or null when absent, blank or an unfilled import placeholder. */
    private static String configured(AuthenticatorConfigModel config, String key) {
        String value = config == null || config.getConfig() == null ? null : config.getConfig().get(key);
        return value == null || value.isBlank() || value.startsWith("${") ? null : value;
    }

    static Set<String> scopes(String scopeParam) {
        // a set that tolerates a scope named twice, which Set.of would refuse
        return scopeParam == null || scopeParam.isBlank() ? Set.of()
                : Arrays.stream(scopeParam.trim().split("\\s+")).collect(Collectors.toSet());
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
