package org.signet.signoff.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;

/**
 * Signet as a SMART App Launch 2.2 app (the backend-for-frontend of the sign-off UI).
 * <ul>
 *   <li>{@code GET /launch?iss&launch}: an EHR launch. Only an {@code iss} of a trusted EHR ({@link SmartConfig}) is
 *   looked up and redirected to; the browser goes to its authorization endpoint with PKCE S256, state, nonce,
 *   {@code aud=iss} and the least scopes that work.</li>
 *   <li>{@code GET /launch/standalone?ehr=NAME}: the same from Signet's own start page, asking the EHR to choose the
 *   patient ({@code launch/patient}).</li>
 *   <li>{@code GET /launch/callback}: the state is taken once, the code exchanged, the id_token checked, the EHR user
 *   mapped to the Signet user an admin linked (Keycloak's JWT authorization grant), and a session cookie set
 *   (HttpOnly, SameSite=Lax, Secure outside local development). No token reaches the browser.</li>
 * </ul>
 * Every refusal is a 4xx problem (a page for a browser), audited, with nothing created.
 */
@Path("/launch")
@PermitAll
public class SmartLaunchResource {

    public static final String COOKIE = "signet_session";
    /**
     * Binds an authorization to the browser that began it: set at {@code /launch}, required at the callback, so a
     * callback URL carried to another browser (login CSRF) signs nobody in there.
     */
    static final String STATE_COOKIE = "signet_launch_state";
    private static final String ACTION = "smart.launch";
    private static final Logger LOG = Logger.getLogger(SmartLaunchResource.class);

    private final SmartConfig config;
    private final SmartDiscovery discovery;
    private final EhrTokens ehrTokens;
    private final SignetUserTokens userTokens;
    private final SmartSessions sessions;
    private final AuditTrail audit;

    public SmartLaunchResource(SmartConfig config, SmartDiscovery discovery, EhrTokens ehrTokens,
            SignetUserTokens userTokens, SmartSessions sessions, AuditTrail audit) {
        this.config = config;
        this.discovery = discovery;
        this.ehrTokens = ehrTokens;
        this.userTokens = userTokens;
        this.sessions = sessions;
        this.audit = audit;
    }

    @GET
    @Blocking
    public Response ehrLaunch(@QueryParam("iss") String iss, @QueryParam("launch") String launch) {
        if (iss == null || iss.isBlank() || launch == null || launch.isBlank()) {
            throw LaunchRefused.badRequest("missing-parameter", "An EHR launch needs both iss and launch.");
        }
        var ehr = config.ehrByIssuer(iss).orElseThrow(() -> LaunchRefused.badRequest("untrusted-iss",
                "This EHR is not one Signet trusts: an administrator registers each EHR's issuer."));
        return authorize(ehr.getKey(), ehr.getValue(), launch);
    }

    @GET
    @Path("/standalone")
    @Blocking
    public Response standaloneLaunch(@QueryParam("ehr") String name) {
        SmartConfig.Ehr ehr = name == null ? null : config.ehrs().get(name);
        if (ehr == null) {
            throw LaunchRefused.badRequest("unknown-ehr", "No EHR of that name is configured.");
        }
        return authorize(name, ehr, null);
    }

    /** Redirects the browser to the EHR's authorization endpoint; {@code launch} null is a standalone launch. */
    private Response authorize(String name, SmartConfig.Ehr ehr, String launch) {
        SmartServer server = fromEhr(discovery.server(ehr.issuer()));
        String state = SmartSessions.random();
        String nonce = SmartSessions.random();
        String verifier = SmartSessions.random();
        sessions.savePending(state, new SmartSessions.PendingLaunch(name, ehr.issuer(), nonce, verifier,
                Instant.now())).await().atMost(Duration.ofSeconds(10));
        String scope = (launch != null ? "launch" : "launch/patient") + " openid fhirUser " + ehr.scopes().trim();
        UriBuilder to = UriBuilder.fromUri(server.authorizationEndpoint())
                .queryParam("response_type", "code")
                .queryParam("client_id", ehr.clientId())
                .queryParam("redirect_uri", config.redirectUri())
                .queryParam("scope", scope.trim())
                .queryParam("state", state)
                .queryParam("nonce", nonce)
                .queryParam("aud", ehr.issuer())
                .queryParam("code_challenge", challenge(verifier))
                .queryParam("code_challenge_method", "S256");
        if (launch != null) {
            to.queryParam("launch", launch);
        }
        LOG.infof("SMART %s launch from EHR %s: to its authorization endpoint", launch != null ? "EHR" : "standalone",
                name);
        return Response.seeOther(to.build()).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(new NewCookie.Builder(STATE_COOKIE).value(state).path("/launch/callback").httpOnly(true)
                        .secure(config.cookieSecure()).sameSite(NewCookie.SameSite.LAX)
                        .maxAge((int) config.launchLifetime().toSeconds()).build())
                .build();
    }

    @GET
    @Path("/callback")
    @Blocking
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @CookieParam(STATE_COOKIE) String browserState) {
        if (state == null || state.isBlank()) {
            throw LaunchRefused.badRequest("bad-state", "The EHR's answer has no state: it is not an answer to a "
                    + "launch Signet started.");
        }
        // checked before the state is taken: another browser's attempt does not spend this browser's launch
        if (browserState == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                browserState.getBytes(StandardCharsets.UTF_8))) {
            throw LaunchRefused.badRequest("bad-state", "This answer belongs to a launch that began in another "
                    + "browser. Launch again from the EHR.");
        }
        SmartSessions.PendingLaunch pending = sessions.takePending(state).await().atMost(Duration.ofSeconds(10))
                .orElseThrow(() -> LaunchRefused.badRequest("bad-state", "Unknown, used or expired state: launch "
                        + "again from the EHR."));
        if (error != null) {
            throw LaunchRefused.badRequest("ehr-error", "The EHR did not authorize the launch (" + safe(error)
                    + ").");
        }
        if (code == null || code.isBlank()) {
            throw LaunchRefused.badRequest("no-code", "The EHR's answer has no authorization code.");
        }
        SmartConfig.Ehr ehr = config.ehrs().get(pending.ehr());
        if (ehr == null) {
            throw LaunchRefused.badRequest("unknown-ehr", "The EHR this launch began with is no longer configured.");
        }
        SmartServer server = fromEhr(discovery.server(ehr.issuer()));
        JsonNode tokens = fromEhr(ehrTokens.exchange(server, ehr, code, config.redirectUri(), pending.codeVerifier()));
        EhrTokens.Launched launched = ehrTokens.verify(server, ehr, tokens, pending.nonce());
        String fhirUser = relative(pending.iss(), launched.fhirUser());
        String subject = SignetUserTokens.subject(pending.iss(), fhirUser);
        SignetUserTokens.UserToken token;
        try {
            token = userTokens.tokenFor(subject).await().atMost(Duration.ofSeconds(20));
        } catch (SignetUserTokens.NotLinked e) {
            throw new LaunchRefused(403, "No Signet access for this EHR user", "unlinked-user", "Your EHR account ("
                    + fhirUser + ") is not linked to a Signet user. Ask a Signet administrator to link it.");
        } catch (RuntimeException e) {
            LOG.errorf("Keycloak did not sign in a launched user: %s", e.getMessage());
            throw new LaunchRefused(503, "Signet's sign-in is unavailable", "identity-provider", "Signet could not "
                    + "reach its identity provider. Try the launch again in a minute.");
        }
        String username = username(token.accessToken());
        Instant expires = Instant.now().plus(config.sessionLifetime());
        String cookie = sessions.open(new SmartSessions.Session(username, fhirUser, pending.ehr(), pending.iss(),
                launched.patient(), launched.encounter(), expires)).await().atMost(Duration.ofSeconds(10));
        Map<String, String> details = new HashMap<>();
        details.put("ehr", pending.ehr());
        details.put("iss", pending.iss());
        details.put("fhirUser", fhirUser);
        if (launched.encounter() != null) {
            details.put("encounter", "Encounter/" + launched.encounter());
        }
        audit.record(username, ACTION, AuditEvent.Outcome.SUCCESS,
                launched.patient() == null ? null : "Patient/" + launched.patient(), null, "session", details)
                .await().atMost(Duration.ofSeconds(10));
        LOG.infof("SMART launch from EHR %s signed in %s", pending.ehr(), username);
        return Response.seeOther(URI.create("/")).cookie(sessionCookie(cookie, config.sessionLifetime()),
                        new NewCookie.Builder(STATE_COOKIE).value("").path("/launch/callback").httpOnly(true)
                                .secure(config.cookieSecure()).sameSite(NewCookie.SameSite.LAX).maxAge(0).build())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The session cookie: HttpOnly, SameSite=Lax, Secure unless configured off for plain-http development. */
    NewCookie sessionCookie(String value, Duration maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").httpOnly(true).secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX).maxAge((int) maxAge.toSeconds()).build();
    }

    /**
     * A refusal: its problem (a page for a browser), audited as denied, nothing created. Every method here is
     * blocking, so the audit is awaited on the worker thread (a Uni answered from Kafka's thread would end after the
     * request scope the response writer needs).
     */
    @ServerExceptionMapper
    public Response refused(LaunchRefused refused, HttpHeaders headers) {
        LOG.infof("SMART launch refused (%s): %s", refused.reason(), refused.getMessage());
        try {
            audit.record("anonymous", ACTION, AuditEvent.Outcome.DENIED, null, null, "session",
                    Map.of("reason", refused.reason())).await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.errorf("could not audit a refused launch: %s", e.getMessage());
        }
        return LaunchPages.problem(refused, headers);
    }

    /** Waits for a call to the EHR; anything but a refusal of Signet's own making is "the EHR did not answer". */
    private static <T> T fromEhr(Uni<T> call) {
        try {
            return call.await().atMost(Duration.ofSeconds(20));
        } catch (LaunchRefused refused) {
            throw refused;
        } catch (RuntimeException e) {
            LOG.warnf("the EHR did not answer: %s", e.toString());
            throw LaunchRefused.ehrUnavailable("The EHR did not answer in time. Try the launch again.");
        }
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://ehr/fhir/Practitioner/1} on EHR {@code https://ehr/fhir} is {@code Practitioner/1}. */
    static String relative(String iss, String fhirUser) {
        String base = iss.endsWith("/") ? iss : iss + "/";
        return fhirUser.startsWith(base) ? fhirUser.substring(base.length()) : fhirUser;
    }

    /** The Signet user name in a token Keycloak just issued to this service (it is checked again on every use). */
    private static String username(String accessToken) {
        try {
            Object name = SignedJWT.parse(accessToken).getJWTClaimsSet().getClaim("preferred_username");
            return name == null ? "unknown" : name.toString();
        } catch (ParseException e) {
            throw new IllegalStateException("Keycloak's access token is not a JWT", e);
        }
    }

    /** An error code from the EHR, shown back only if it is a plain OAuth error code. */
    private static String safe(String error) {
        return error.matches("[a-z_]{1,64}") ? error : "error";
    }
}
