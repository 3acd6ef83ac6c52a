package org.signet.tokenization.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "signet.tokenization")
public interface TokenizationConfig {

    Kek kek();

    Vaults vaults();

    /** Service-account client ids allowed to call this service, by what they do. */
    Callers callers();

    interface Kek {
        /** {@code local-file} (development: a key file outside the repo) or {@code environment} (secret-mounted). */
        @WithDefault("local-file")
        String provider();

        /** Directory of {@code v<N>.key} files for {@code local-file}; default {@code ~/.signet/keys/kek}. */
        Optional<String> directory();

        /** For {@code environment}: {@code <version>:<base64 key>[,<version>:<base64 key>…]}. */
        Optional<String> keys();
    }

    interface Vaults {
        /** How long a vault lives when its retention policy names no other period. */
        @WithDefault("P30D")
        Duration defaultTtl();

        @WithDefault("draft-30d")
        String defaultRetentionPolicy();
    }

    interface Callers {
        /** Creates vaults and pseudonymizes (draft jobs). */
        @WithDefault("scribe-service")
        String drafting();

        /** Re-identifies signed notes for write-back to the EHR. */
        @WithDefault("fhir-adapter")
        String writeBack();

        /** Re-pseudonymizes clinician edits and adds reviewers. */
        @WithDefault("signoff-service")
        String review();
    }
}
