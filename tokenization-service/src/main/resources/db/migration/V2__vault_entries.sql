-- One row per token: the original only as AES-256-GCM ciphertext under the vault's data key (associated data
-- binds vault id and token), and a keyed HMAC of the normalised original (per-vault key) so the same original
-- finds its token again without any plaintext index.
CREATE TABLE vault_entry (
    pk          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vault_id    uuid        NOT NULL REFERENCES vault (id) ON DELETE CASCADE,
    token       text        NOT NULL,
    token_type  text        NOT NULL,
    phi_type    text        NOT NULL,
    lookup_hmac bytea       NOT NULL,
    ciphertext  bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT vault_entry_token UNIQUE (vault_id, token),
    CONSTRAINT vault_entry_lookup UNIQUE (vault_id, lookup_hmac)
);

-- The vault's per-patient date offset, encrypted like an entry; gone with the data key when shredded.
ALTER TABLE vault ADD COLUMN date_shift bytea;
