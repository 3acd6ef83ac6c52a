-- Consent registry: an admin's record that a patient opted out of AI drafting (all purposes, or some).
CREATE TABLE consent_optout (
    id           uuid        PRIMARY KEY,
    patient_ref  text        NOT NULL,
    -- ALL, or PURPOSES with the purpose ids in purposes
    scope        text        NOT NULL CHECK (scope IN ('ALL', 'PURPOSES')),
    -- comma-separated purpose ids (scope PURPOSES)
    purposes     text        NOT NULL DEFAULT '',
    period_start timestamptz NOT NULL,
    period_end   timestamptz,
    reason       text,
    recorded_by  text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    revoked_at   timestamptz,
    revoked_by   text
);
CREATE INDEX consent_optout_patient ON consent_optout (patient_ref);

-- Write-back inbox/outbox: one row per signed note (draft id = idempotency key). The Kafka record is acknowledged
-- only once its row says FILED, FAILED_RETRYING or FAILED_PERMANENT. The stored message carries tokens only.
CREATE TABLE filing (
    draft_id              uuid        PRIMARY KEY,
    state                 text        NOT NULL CHECK (state IN ('RECEIVED', 'FILED', 'FAILED_RETRYING',
                                                                'FAILED_PERMANENT')),
    message               text        NOT NULL,
    attempts              integer     NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz,
    document_reference_id text,
    -- PHI-free: status codes, issue codes, paths
    last_error            text,
    received_at           timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX filing_due ON filing (state, next_attempt_at);
