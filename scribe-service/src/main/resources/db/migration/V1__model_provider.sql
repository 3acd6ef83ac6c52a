-- Model providers and their Business Associate Agreement attestations. A non-local provider is called only
-- while a BAA is in force on the call date (checked in code at call time, not only here).
CREATE TABLE model_provider (
    id                  text PRIMARY KEY,
    kind                text        NOT NULL CHECK (kind IN ('openai-compatible', 'anthropic', 'local-gguf', 'extractive')),
    endpoint            text,
    model               text        NOT NULL,
    model_version       text        NOT NULL,
    local               boolean     NOT NULL,
    baa_reference       text,
    baa_effective       date,
    baa_expires         date,
    no_training         boolean     NOT NULL DEFAULT false,
    telemetry_off       boolean     NOT NULL DEFAULT false,
    retention_days      integer,
    enabled             boolean     NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint      NOT NULL DEFAULT 0,
    CONSTRAINT baa_period CHECK (baa_expires IS NULL OR baa_effective IS NULL OR baa_expires >= baa_effective)
);

-- The embedded default: a deterministic drafter with no language model, inside the hospital by construction.
INSERT INTO model_provider (id, kind, endpoint, model, model_version, local, no_training, telemetry_off,
                            retention_days, enabled, created_at, updated_at)
VALUES ('extractive', 'extractive', NULL, 'signet-extractive', '1', true, true, true, 0, true, now(), now());
