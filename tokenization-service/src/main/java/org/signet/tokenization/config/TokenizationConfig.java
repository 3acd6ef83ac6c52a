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

    DateShift dateShift();

    /** Largest request body accepted (bytes); larger ones answer 413 problem JSON. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** The FHIR pseudonymization profile (YAML on the class path or a file path); Safe Harbor by default. */
    Optional<String> profile();

    interface DateShift {
        /** Offsets are drawn from [-max, -1] ∪ [1, max] days, per vault. */
        @WithDefault("365")
        int maxDays();
    }

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
