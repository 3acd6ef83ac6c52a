-- Purposes: what a draft of a kind may read from the EHR (minimum necessary). Every change is a new immutable
-- version; drafts record the version they were read under.
CREATE TABLE purpose (
    pk              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              text        NOT NULL,
    version         integer     NOT NULL,
    active          boolean     NOT NULL,
    display_name    text        NOT NULL,
    purpose_of_use  text        NOT NULL,
    -- note types (LOINC), allowed model providers, and per-resource rules; see PurposeDefinition
    definition      jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL,
    change_note     text,
    CONSTRAINT purpose_version_unique UNIQUE (id, version)
);
