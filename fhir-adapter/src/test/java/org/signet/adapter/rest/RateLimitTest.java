package org.signet.adapter.rest;

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
import org.signet.services.testing.SandboxEhrResource;

/** Admin changes are limited per account: past the limit a 429 problem with Retry-After, audited. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "fhir-adapter"))
@WithTestResource(SandboxEhrResource.class)
class RateLimitTest {

    @TestHTTPResource("/v1/purposes")
    URI purposes;

    @ConfigProperty(name = "signet.rate-limits.admin-changes.per-account")
    int perAccount;

    @Inject
    AccessRefusals refusals;

    @Test
    void anAdminPastTheChangeLimitIsTold429WithRetryAfterAndAudited() {
        var outcome = RateLimitProbe.drive(RateLimitProbe.freshUser("admin"), "POST", purposes, "{}",
                perAccount + 5);
        assertEquals(perAccount, outcome.passed(), "calls before the first 429");
        refusals.flush();
        RateLimitProbe.assertRefusedAndAudited(outcome);
    }
}
