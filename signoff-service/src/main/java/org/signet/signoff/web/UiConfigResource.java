package org.signet.signoff.web;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.signet.signoff.config.SignoffConfig;
import org.signet.signoff.smart.SmartConfig;

/**
 * What the web UI needs before anyone is signed in: where to sign in, as which client, and the EHRs a clinician may
 * open a patient from (standalone SMART launch, by name). Nothing secret.
 */
@Path("/ui/config")
@PermitAll
public class UiConfigResource {

    /**
     * @param keycloakUrl Keycloak's base URL; {@code realm} its realm, as keycloak-js takes them
     * @param ehrs        the configured EHRs' names ({@code /launch/standalone?ehr=NAME})
     * @param signInAvailable whether the identity provider answers now: when it does not, the UI says so rather
     *                        than send the user to a page that cannot load
     */
    public record UiConfig(String keycloakUrl, String realm, String clientId, List<String> ehrs,
            boolean signInAvailable) {}

    private final UiConfig config;
    private final SignInProbe probe;

    public UiConfigResource(SignoffConfig signoff, SmartConfig smart, SignInProbe probe) {
        UiConfig signIn = of(signoff.ui().oidcUrl(), signoff.ui().clientId());
        this.config = new UiConfig(signIn.keycloakUrl(), signIn.realm(), signIn.clientId(),
                smart.ehrs().keySet().stream().sorted().toList(), true);
        this.probe = probe;
    }

    static UiConfig of(String realmUrl, String clientId) {
        String url = realmUrl.endsWith("/") ? realmUrl.substring(0, realmUrl.length() - 1) : realmUrl;
        int realms = url.lastIndexOf("/realms/");
        if (realms < 0) {
            throw new IllegalArgumentException("signet.signoff.ui.oidc-url must be a Keycloak realm URL "
                    + "(https://host/realms/<name>), not " + realmUrl);
        }
        return new UiConfig(url.substring(0, realms), url.substring(realms + "/realms/".length()), clientId, List.of(),
                true);
    }

    @GET
    public Uni<Response> config() {
        CacheControl noCache = new CacheControl();
        noCache.setNoCache(true);
        return probe.available().map(available -> Response.ok(new UiConfig(config.keycloakUrl(), config.realm(),
                config.clientId(), config.ehrs(), available)).cacheControl(noCache).build());
    }
}
