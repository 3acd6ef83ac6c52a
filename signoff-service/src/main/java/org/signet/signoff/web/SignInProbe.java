package org.signet.signoff.web;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether a new sign-in can work now: Signet's identity provider answers its realm's discovery document. Asked by
 * the web UI before it sends anyone there, so that while Keycloak is down a user reads a page that says so instead
 * of a browser's connection error. Tokens already issued are verified locally and keep working until they expire.
 * The answer is kept a few seconds so page loads do not each probe.
 */
@ApplicationScoped
public class SignInProbe {

    private static final Logger LOG = Logger.getLogger(SignInProbe.class);
    private static final Duration KEEP = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private record Answer(boolean available, Instant at) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI discovery;
    private final AtomicReference<Answer> last = new AtomicReference<>();

    public SignInProbe(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl) {
        this.discovery = URI.create((realmUrl.endsWith("/") ? realmUrl : realmUrl + "/")
                + ".well-known/openid-configuration");
    }

    public Uni<Boolean> available() {
        Answer known = last.get();
        if (known != null && known.at().plus(KEEP).isAfter(Instant.now())) {
            return Uni.createFrom().item(known.available());
        }
        return Uni.createFrom().completionStage(() -> http.sendAsync(HttpRequest.newBuilder(discovery)
                        .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding()))
                .map(response -> response.statusCode() == 200)
                .onFailure().recoverWithItem(false)
                .invoke(available -> {
                    Answer before = last.getAndSet(new Answer(available, Instant.now()));
                    if (!available && (before == null || before.available())) {
                        LOG.warnf("the identity provider does not answer at %s: new sign-ins are paused", discovery);
                    } else if (available && before != null && !before.available()) {
                        LOG.infof("the identity provider answers again: sign-in resumes");
                    }
                });
    }
}
