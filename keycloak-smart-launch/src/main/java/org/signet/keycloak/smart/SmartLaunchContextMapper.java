package org.signet.keycloak.smart;

import java.util.List;
import java.util.function.BiConsumer;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenResponseMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;

/**
 * Puts the launch context {@link SmartLaunchAuthenticator} accepted into the token response, as SMART App Launch
 * asks ({@code patient}, {@code encounter} beside {@code access_token}), and into the access token, so the EHR's FHIR
 * server can hold patient-level scopes to that patient. Adds nothing when the authorization had no launch.
 */
public final class SmartLaunchContextMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCAccessTokenResponseMapper {

    public static final String PROVIDER_ID = "smart-launch-context-mapper";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "SMART launch context";
    }

    @Override
    public String getHelpText() {
        return "Adds the SMART launch's patient and encounter to the token response and the access token.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public AccessTokenResponse transformAccessTokenResponse(AccessTokenResponse response, ProtocolMapperModel model,
            KeycloakSession session, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        putContext(clientSessionCtx, response::setOtherClaims);
        return response;
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel model, KeycloakSession session,
            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        putContext(clientSessionCtx, token::setOtherClaims);
        return token;
    }

    /** Hands {@code patient} and {@code encounter}, those the launch set, to {@code claims}. */
    private static void putContext(ClientSessionContext ctx, BiConsumer<String, Object> claims) {
        String patient = note(ctx, SmartLaunchAuthenticator.PATIENT_NOTE);
        if (patient != null) {
            claims.accept("patient", patient);
        }
        String encounter = note(ctx, SmartLaunchAuthenticator.ENCOUNTER_NOTE);
        if (encounter != null) {
            claims.accept("encounter", encounter);
        }
    }

    /** A launch note of the client session, or null when absent or cleared. */
    private static String note(ClientSessionContext ctx, String name) {
        AuthenticatedClientSessionModel clientSession = ctx == null ? null : ctx.getClientSession();
        String value = clientSession == null ? null : clientSession.getNote(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
