package org.signet.adapter.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.UUID;
import org.signet.adapter.client.Reidentification;

/**
 * Test-only stand-in for tokenization-service, which cannot run inside this test JVM: returns the text unchanged,
 * so write-back tests send plain text. The real re-identification path (REST client with fhir-adapter's service
 * account) is covered by the end-to-end test (issue 8).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class PassThroughReidentification implements Reidentification {

    @Override
    public String reidentify(UUID vaultId, String text) {
        return text;
    }
}
