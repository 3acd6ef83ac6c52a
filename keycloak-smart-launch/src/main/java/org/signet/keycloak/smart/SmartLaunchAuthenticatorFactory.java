package org.signet.keycloak.smart;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link SmartLaunchAuthenticator} as execution {@value #PROVIDER_ID}, configured with the launch secret. */
public final class SmartLaunchAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "smart-launch-context";
    /** The authenticator config key of the secret the EHR signs launch contexts with (at least 32 chars). */
    public static final String LAUNCH_SECRET = "launch.secret";
    /** The authenticator config key of the EHR's patient picker for standalone launch (optional). */
    public static final String PICKER_URL = "picker.url";

    private static final SmartLaunchAuthenticator INSTANCE = new SmartLaunchAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART launch context";
    }

    @Override
    public String getReferenceCategory() {
        return "smart-launch";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Checks the EHR's signed SMART launch context (scope launch, or the patient picker's answer for "
                + "launch/patient) and keeps its patient and encounter for the token response.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty secret = new ProviderConfigProperty(LAUNCH_SECRET, "Launch secret",
                "The HS256 secret the EHR signs launch contexts with (at least 32 characters).",
                ProviderConfigProperty.PASSWORD, null);
        secret.setSecret(true);
        ProviderConfigProperty picker = new ProviderConfigProperty(PICKER_URL, "Patient picker",
                "The EHR page where a user chooses the patient of a standalone launch (launch/patient); it returns "
                        + "to Keycloak with a launch context signed with the launch secret. Empty: no standalone launch.",
                ProviderConfigProperty.STRING_TYPE, null);
        return List.of(secret, picker);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
