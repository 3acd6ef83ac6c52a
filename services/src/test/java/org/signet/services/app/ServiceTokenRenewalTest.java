package org.signet.services.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.signet.services.process.RunDirectory;

/**
 * Every service that calls a peer with its own service-account token renews that token before it expires. Without
 * a margin, the token is sent until the client's reckoning of its expiry (expires_in counted from receipt) while the
 * receiver already refuses it by its exp claim (whole seconds): found on a running stack, where every draft submitted
 * in the second around the 15-minute mark failed with HTTP 401 from tokenization-service.
 */
class ServiceTokenRenewalTest {

    private static final String GRANT = "quarkus.oidc-client.grant.type";
    private static final String SKEW = "quarkus.oidc-client.refresh-token-time-skew";
    /** Covers whole-second rounding, the time from the token endpoint to the client, and a slow request. */
    private static final Duration LEAST_MARGIN = Duration.ofSeconds(10);

    @Test
    void everyServiceClientRenewsItsTokenWellBeforeTheRealmExpiresIt() throws Exception {
        Duration lifespan = signetRealmTokenLifespan();
        int clients = 0;
        for (SignetModule module : SignetModule.values()) {
            Properties config = applicationProperties(module);
            if (config.getProperty(GRANT) == null) {
                continue;
            }
            clients++;
            String skew = config.getProperty(SKEW);
            assertNotNull(skew, module.module() + " gets service tokens but sets no " + SKEW);
            Duration margin = quarkusDuration(skew);
            assertTrue(margin.compareTo(LEAST_MARGIN) >= 0,
                    module.module() + ": " + SKEW + "=" + skew + " is less than " + LEAST_MARGIN);
            // A margin near the lifespan would fetch a new token on nearly every call.
            assertTrue(margin.multipliedBy(2).compareTo(lifespan) <= 0,
                    module.module() + ": " + SKEW + "=" + skew + " is more than half the realm's " + lifespan);
        }
        assertFalse(clients == 0, "no service configures an OIDC client: the check above checked nothing");
    }

    private static Properties applicationProperties(SignetModule module) throws Exception {
        Path file = RunDirectory.repoRoot().resolve(module.module()).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Duration signetRealmTokenLifespan() throws Exception {
        try (InputStream realm = ServiceTokenRenewalTest.class.getResourceAsStream("/keycloak/signet-realm.json")) {
            assertNotNull(realm, "signet-realm.json is not on the classpath");
            return Duration.ofSeconds(new ObjectMapper().readTree(realm).path("accessTokenLifespan").asLong());
        }
    }

    /** Quarkus durations: ISO-8601 ({@code PT30S}) or a number with a unit ({@code 30S}, {@code 1M}). */
    private static Duration quarkusDuration(String value) {
        String upper = value.trim().toUpperCase(Locale.ROOT);
        return Duration.parse(upper.startsWith("P") ? upper : "PT" + upper);
    }
}
