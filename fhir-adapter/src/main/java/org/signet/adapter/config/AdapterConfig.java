package org.signet.adapter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** fhir-adapter's configuration: the EHR connection, tokenization-service, write-back and who may call what. */
@ConfigMapping(prefix = "signet.adapter")
public interface AdapterConfig {

    Ehr ehr();

    Tokenization tokenization();

    WriteBack writeBack();

    Callers callers();

    /** The EHR (FHIR R4 base) and fhir-adapter's SMART Backend Services credentials there. */
    interface Ehr {
        @WithDefault("http://127.0.0.1:8190/fhir")
        String baseUrl();

        /**
         * How fhir-adapter authenticates to the EHR: {@code smart-backend} (SMART Backend Services, the default) or
         * {@code none}, for an open test server only (no token is sent).
         */
        @WithDefault("smart-backend")
        EhrAuth auth();

        @WithDefault("signet-fhir-adapter")
        String clientId();

        /** PKCS#12 file holding the client-assertion signing key; a secret mounted at run time, never in the repo. */
        Optional<String> keyStore();

        Optional<String> keyStorePassword();

        @WithDefault("signet-fhir-adapter")
        String keyAlias();

        /** RS384 or ES384 (the two SMART Backend Services requires servers to support). */
        @WithDefault("RS384")
        String signingAlg();

        /** The access token is renewed this long before it expires. */
        @WithDefault("30s")
        Duration tokenRefreshSkew();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("20s")
        Duration readTimeout();
    }

    /** How fhir-adapter authenticates to the EHR. */
    enum EhrAuth {
        SMART_BACKEND,
        NONE
    }

    interface Tokenization {
        @WithDefault("http://localhost:8181")
        String url();
    }

    /**
     * Filing signed notes: a round of tries with backoff ({@code WriteBackRound}, configured as SmallRye Fault
     * Tolerance), then a scheduled round until the EHR takes the note.
     */
    interface WriteBack {
        /**
         * How long a scheduled round holds its note before another run may take it up: longer than a round's tries
         * and pauses take, so a slow round is not run twice at once.
         */
        @WithDefault("2m")
        Duration roundLease();

        /** How long a failing note waits before the scheduler tries it again. */
        @WithDefault("30s")
        Duration retryInterval();

        /** Notes retried per scheduler run. */
        @WithDefault("20")
        int retryBatch();
    }

    /** Service-account client ids ({@code azp}) allowed to call the service-facing APIs. */
    interface Callers {
        @WithDefault("scribe-service")
        String scribeService();

        @WithDefault("signoff-service")
        String signoffService();
    }
}
