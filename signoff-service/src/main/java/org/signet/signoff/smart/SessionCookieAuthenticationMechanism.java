package org.signet.signoff.smart;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Authenticates a browser that arrived by a SMART launch: its session cookie names a {@link SmartSessions.Session},
 * whose realm-signet token ({@link SessionTokens}) is then verified by quarkus-oidc exactly as a bearer token is. So
 * every endpoint, {@code Caller.of} and the ownership checks see the linked Signet user, and the token forwarded to
 * tokenization-service and scribe-service is that user's. A request with an Authorization header is left to the
 * bearer mechanism.
 *
 * <p>Against cross-site request forgery, beside SameSite=Lax: a change (any method but GET, HEAD, OPTIONS) made with
 * the cookie must carry {@value #CSRF_HEADER}, which a page of another origin cannot add without a CORS preflight
 * this service never grants.
 */
@ApplicationScoped
public class SessionCookieAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String CSRF_HEADER = "X-Signet-Request";
    private static final Logger LOG = Logger.getLogger(SessionCookieAuthenticationMechanism.class);

    private final SmartSessions sessions;
    private final SessionTokens tokens;

    public SessionCookieAuthenticationMechanism(SmartSessions sessions, SessionTokens tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.request().headers().contains("Authorization")) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = context.request().getCookie(SmartLaunchResource.COOKIE);
        if (cookie == null || cookie.getValue().isBlank()) {
            return Uni.createFrom().nullItem();
        }
        HttpMethod method = context.request().method();
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        if (!safe && !context.request().headers().contains(CSRF_HEADER)) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "a change made with the session cookie must carry " + CSRF_HEADER));
        }
        String value = cookie.getValue();
        return sessions.find(value).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            return tokens.current(value, found.get())
                    .onFailure(SignetUserTokens.NotLinked.class).call(unlinked -> {
                        // the link or the user was removed since the launch: the session ends with it
                        LOG.infof("a launched session's user is no longer linked (%s): session closed",
                                unlinked.getMessage());
                        tokens.forget(value);
                        return sessions.close(value);
                    })
                    .chain(token -> identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                            new TokenAuthenticationRequest(new AccessTokenCredential(token)), context)))
                    .onFailure().invoke(e -> LOG.infof("a session cookie did not authenticate: %s", e.toString()));
        });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
