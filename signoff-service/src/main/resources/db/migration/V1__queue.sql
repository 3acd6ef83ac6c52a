-- The sign-off queue. Text columns hold tokens only: the clinician sees originals only after authorised
-- re-identification in tokenization-service, in flight.
CREATE TABLE queue_item (
    draft_id            uuid PRIMARY KEY,
    vault_id            uuid        NOT NULL,
    assigned_to         text        NOT NULL,
    patient_ref         text        NOT NULL,
    encounter_ref       text,
    note_type           text        NOT NULL,
    purpose             text        NOT NULL,
    state               text        NOT NULL CHECK (state IN ('PENDING_REVIEW', 'SIGNED', 'FILED', 'FILING_FAILED',
                                                              'REJECTED', 'EXPIRED')),
    draft_text          text        NOT NULL,
    current_text        text        NOT NULL,
    received_at         timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint      NOT NULL DEFAULT 0
);
CREATE INDEX queue_item_assignee ON queue_item (assigned_to, state, received_at DESC);
