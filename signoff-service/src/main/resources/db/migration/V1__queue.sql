-- The sign-off queue. Text columns hold tokens only: the clinician sees originals only after authorised
-- re-identification in tokenization-service, in flight.
CREATE TABLE queue_item (
    draft_id                uuid PRIMARY KEY,
    vault_id                uuid        NOT NULL,
    assigned_to             text        NOT NULL,
    patient_ref             text        NOT NULL,
    patient_display         text,
    encounter_ref           text,
    note_type               text        NOT NULL,
    purpose                 text        NOT NULL,
    purpose_version         integer     NOT NULL DEFAULT 0,
    -- lineage of the AI draft (model and prompt template), for the EHR's Provenance and the edit metrics
    provider_id             text,
    model_name              text,
    model_version           text,
    prompt_template_id      text,
    prompt_template_version integer,
    ai_generated            boolean     NOT NULL DEFAULT true,
    state                   text        NOT NULL CHECK (state IN ('PENDING_REVIEW', 'SIGNED', 'FILED', 'FILING_FAILED',
                                                                  'REJECTED', 'EXPIRED')),
    draft_text              text        NOT NULL,
    current_text            text        NOT NULL,
    draft_created_at        timestamptz NOT NULL,
    received_at             timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    -- the signature (attestation)
    signed_by               text,
    signer_fhir_user        text,
    signed_at               timestamptz,
    content_sha256          text,
    -- rejection; the reason is clinician free text, re-pseudonymized before it is stored
    rejected_at             timestamptz,
    rejection_reason        text,
    -- filing outcome reported by fhir-adapter
    document_reference_id   text,
    filed_at                timestamptz,
    filing_failure_reason   text,
    filing_failure_permanent boolean,
    filing_attempts         integer,
    expired_at              timestamptz,
    version                 bigint      NOT NULL DEFAULT 0
);
CREATE INDEX queue_item_assignee ON queue_item (assigned_to, state, received_at DESC);
CREATE INDEX queue_item_retention ON queue_item (state, received_at);

-- One row per signed note: how much the clinician changed the AI draft, and how long review took.
CREATE TABLE edit_metric (
    draft_id                uuid PRIMARY KEY REFERENCES queue_item (draft_id),
    clinician               text             NOT NULL,
    note_type               text             NOT NULL,
    provider_id             text,
    model_name              text,
    model_version           text,
    prompt_template_id      text,
    prompt_template_version integer,
    draft_words             integer          NOT NULL,
    final_words             integer          NOT NULL,
    word_edit_distance      integer          NOT NULL,
    edit_ratio              double precision NOT NULL,
    ms_to_sign              bigint           NOT NULL,
    signed_at               timestamptz      NOT NULL
);
CREATE INDEX edit_metric_signed_at ON edit_metric (signed_at);

-- Transactional outbox: events written in the same transaction as the state change they announce, relayed to
-- Kafka by a scheduled job, so a crash between commit and send cannot lose a signature (delivery is at least
-- once; consumers deduplicate by the event's idempotency key).
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    sent_at      timestamptz,
    attempts     integer     NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;
