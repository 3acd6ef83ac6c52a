package org.signet.signoff.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UiConfigResourceTest {

    @Test
    void aRealmUrlSplitsIntoKeycloaksBaseAndTheRealm() {
        assertEquals(new UiConfigResource.UiConfig("https://id.example.org/auth", "signet", "signoff-web",
                java.util.List.of(), true),
                UiConfigResource.of("https://id.example.org/auth/realms/signet/", "signoff-web"));
    }

    @Test
    void anythingElseIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> UiConfigResource.of("https://id.example.org/", "x"));
    }
}
