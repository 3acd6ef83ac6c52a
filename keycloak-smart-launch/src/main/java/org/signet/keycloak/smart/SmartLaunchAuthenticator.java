package org.signet.keycloak.smart;

import jakarta.ws.rs.core.Response;
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
            if (scopes.contains("launch/patient") || scopes.contains("launch/encounter")) {
                refuse(context, "This EHR does not offer a patient picker for standalone launch; launch the app "
                        + "from a patient's chart in the EHR.");
                return;
            }
            context.success();
            return;
        }
        String launch = auth.getClientNote(LAUNCH_PARAM);
        if (launch == null || launch.isBlank()) {
            refuse(context, "The app asked for scope launch without the launch parameter the EHR gave it.");
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
        String secret = config == null || config.getConfig() == null ? null
                : config.getConfig().get(SmartLaunchAuthenticatorFactory.LAUNCH_SECRET);
        // HS256 wants at least 256 bits of key; a short or unfilled placeholder is a configuration error
        if (secret == null || secret.length() < 32 || secret.startsWith("${")) {
            return null;
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    static Set<String> scopes(String scopeParam) {
        // a set that tolerates a scope named twice, which Set.of would refuse
        return scopeParam == null || scopeParam.isBlank() ? Set.of()
                : Arrays.stream(scopeParam.trim().split("\\s+")).collect(Collectors.toSet());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // no form of its own
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
