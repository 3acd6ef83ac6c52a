-- The token vault: one vault per draft job; originals exist only as AES-256-GCM ciphertext under the vault's
-- data key, which is stored only wrapped by a key-encryption key.
CREATE TABLE vault (
    id               uuid PRIMARY KEY,
    patient_ref      text        NOT NULL,
    owner_id         text        NOT NULL,
    retention_policy text        NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    kek_id           text,
    wrapped_data_key bytea,
    shredded_at      timestamptz,
    version          bigint      NOT NULL DEFAULT 0,
    -- a live vault has its key; a shredded one has none
    CONSTRAINT vault_key_present CHECK ((shredded_at IS NULL) = (wrapped_data_key IS NOT NULL AND kek_id IS NOT NULL))
);
CREATE INDEX vault_expiry ON vault (expires_at) WHERE shredded_at IS NULL;

-- Users allowed to re-identify a vault's tokens besides its owner (reviewers added by signoff-service).
CREATE TABLE vault_reader (
    vault_id uuid NOT NULL REFERENCES vault (id) ON DELETE CASCADE,
    user_id  text NOT NULL,
    added_at timestamptz NOT NULL,
    PRIMARY KEY (vault_id, user_id)
);
