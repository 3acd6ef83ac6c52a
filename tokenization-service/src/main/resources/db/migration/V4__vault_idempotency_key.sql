-- A vault create may carry an Idempotency-Key (the drafting service sends its draft job's id): the same key from the
-- same client answers the vault it already opened, so a create repeated after a lost connection opens no second one.
ALTER TABLE vault ADD COLUMN created_by text;
ALTER TABLE vault ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX vault_idempotency_key ON vault (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
