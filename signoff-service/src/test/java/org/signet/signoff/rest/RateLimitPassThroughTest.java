package org.signet.signoff.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.ProblemAssertions;
import org.signet.services.testing.RateLimitProbe;
import org.signet.services.testing.SignetServicesResource;

/**
 * A clinician who asks for drafts through the front door past scribe-service's limit is told so, with scribe's
 * Retry-After, not a 503.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
// the same resources as the other test classes, so they share one application start
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class RateLimitPassThroughTest {

    @TestHTTPResource("/v1/drafts")
    URI drafts;

    @Test
    void scribesDraftRequestLimitReachesTheClinicianAs429WithRetryAfter() {
        // scribe-service runs with service-kit's defaults, which this module's configuration also reads
        int perAccount = ConfigProvider.getConfig()
                .getValue("signet.rate-limits.draft-requests.per-account", Integer.class);
        var outcome = RateLimitProbe.drive(RateLimitProbe.freshUser("clinician"), "POST", drafts, "{}",
                perAccount + 5);
        assertEquals(perAccount, outcome.passed(), "calls before the first 429");
        ProblemAssertions.assertProblem(429, outcome.status(), outcome.contentType(), outcome.body());
        assertEquals(true, outcome.retryAfter() != null && outcome.retryAfter().matches("[1-9]\\d*"),
                "Retry-After: " + outcome.retryAfter());
    }
}
