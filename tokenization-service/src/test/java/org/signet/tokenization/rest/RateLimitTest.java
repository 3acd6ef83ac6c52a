package org.signet.tokenization.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.signet.kit.AccessRefusals;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.RateLimitProbe;

/** Re-identifications are limited per account: past the limit a 429 problem with Retry-After, audited. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "tokenization-service"))
class RateLimitTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "signet.rate-limits.reidentifications.per-account")
    int perAccount;

    @Inject
    AccessRefusals refusals;

    @Test
    void anAccountPastItsReidentificationLimitIsTold429WithRetryAfterAndAudited() {
        // vaults the account does not own count as much as its own: a probe for other vaults is what a limit stops
        URI reidentify = base.resolve("v1/vaults/" + UUID.randomUUID() + "/reidentify");
        var outcome = RateLimitProbe.drive(RateLimitProbe.freshUser("clinician"), "POST", reidentify,
                "{\"text\": \"x\"}", perAccount + 5);
        assertEquals(perAccount, outcome.passed(), "calls before the first 429");
        refusals.flush();
        RateLimitProbe.assertRefusedAndAudited(outcome);
    }
}
