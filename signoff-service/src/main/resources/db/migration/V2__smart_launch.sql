-- SMART App Launch: the front door's own state. No EHR token and no Signet token is stored: the EHR's tokens are
-- dropped once its id_token is checked, and Signet tokens for a session live in memory for minutes.

-- An authorization in flight, from /launch to /launch/callback: single use, kept for minutes.
CREATE TABLE smart_pending_launch (
    state_hash    text PRIMARY KEY,              -- SHA-256 of the state sent to the EHR
    ehr           text        NOT NULL,          -- the configured EHR's name
    iss           text        NOT NULL,          -- its FHIR base, as the launch gave it
    nonce         text        NOT NULL,
    code_verifier text        NOT NULL,          -- PKCE
    created_at    timestamptz NOT NULL
);

-- A signed-in browser: the cookie holds a random id, only its hash is kept.
CREATE TABLE smart_session (
    id_hash       text PRIMARY KEY,
    username      text        NOT NULL,          -- the linked Signet user
    fhir_user     text        NOT NULL,          -- the EHR user, e.g. Practitioner/123
    ehr           text        NOT NULL,
    iss           text        NOT NULL,
    patient       text,                          -- the launch context, FHIR ids on that EHR
    encounter     text,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX smart_session_expires ON smart_session (expires_at);
