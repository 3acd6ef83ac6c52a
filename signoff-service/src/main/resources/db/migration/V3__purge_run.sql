-- One row per retention purge that removed anything: what, when, how many (counts only, never ids or content).
CREATE TABLE purge_run (
    pk         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    data_kind  text        NOT NULL,
    ran_at     timestamptz NOT NULL,
    removed    integer     NOT NULL
);
CREATE INDEX purge_run_kind ON purge_run (data_kind, ran_at DESC);
