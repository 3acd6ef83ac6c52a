-- Draft jobs. Tokens only: patient and encounter are vault tokens, the draft text is pseudonymized, reasons are
-- PHI-free. The raw transcript is never stored.
CREATE TABLE draft_job (
    id                 uuid PRIMARY KEY,
    requested_by       text        NOT NULL,
    vault_id           uuid,
    patient_ref        text,
    patient_display    text,
    encounter_ref      text,
    purpose            text        NOT NULL,
    purpose_version    integer,
    note_type          text        NOT NULL,
    provider_id        text,
    state              text        NOT NULL,
    reason             text,
    model_name         text,
    model_version      text,
    ai_generated       boolean,
    template_id        text,
    template_version   integer,
    prompt_tokens      integer,
    completion_tokens  integer,
    model_latency_ms   bigint,
    pipeline_ms        bigint,
    draft_text         text,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    version            bigint      NOT NULL DEFAULT 0
);
CREATE INDEX draft_job_requester ON draft_job (requested_by, created_at DESC);

-- Every step of a job, in order, for status, lineage and the UI's progress stream.
CREATE TABLE draft_event (
    pk       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id   uuid        NOT NULL REFERENCES draft_job (id) ON DELETE CASCADE,
    state    text        NOT NULL,
    detail   text,
    at       timestamptz NOT NULL
);
CREATE INDEX draft_event_job ON draft_event (job_id, pk);
