package org.signet.scribe.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.signet.kit.AccessRefusals;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.RateLimitProbe;

/**
 * Draft requests are limited per account: past the limit a 429 problem with Retry-After, audited; another account
 * is not slowed. Each request counts, a malformed one too (it is refused before its body is read).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "scribe-service"))
class RateLimitTest {

    @TestHTTPResource("/v1/drafts")
    URI drafts;

    @ConfigProperty(name = "signet.rate-limits.draft-requests.per-account")
    int perAccount;

    @Inject
    AccessRefusals refusals;

    @Test
    void anAccountPastItsDraftRequestLimitIsTold429WithRetryAfterAndAudited() {
        var outcome = RateLimitProbe.drive(RateLimitProbe.freshUser("clinician"), "POST", drafts, "{}",
                perAccount + 5);
        assertEquals(perAccount, outcome.passed(), "calls before the first 429");
        refusals.flush();
        RateLimitProbe.assertRefusedAndAudited(outcome);
        // another clinician is not slowed by it
        var other = RateLimitProbe.drive(RateLimitProbe.freshUser("clinician"), "POST", drafts, "{}", perAccount + 1);
        assertEquals(perAccount, other.passed());
    }
}
