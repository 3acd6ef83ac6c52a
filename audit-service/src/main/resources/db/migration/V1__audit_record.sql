-- The audit trail: one row per audit event, append-only and hash-chained.
--
-- record_json is the canonical form the chain hashes (the event and when the store received it); every column a
-- search needs is generated from it, so no column can be edited apart from what the hash covers. The runtime role
-- may only INSERT and SELECT: the store never changes or removes an event, and the database enforces that.
create table audit_record (
    seq          bigint      primary key,
    record_json  text        not null,
    prev_hash    bytea       not null,
    hash         bytea       not null,
    event_id     uuid        generated always as (cast(record_json::jsonb -> 'event' ->> 'eventId' as uuid)) stored,
    occurred_at  text        generated always as (record_json::jsonb -> 'event' ->> 'occurredAt') stored,
    service      text        generated always as (record_json::jsonb -> 'event' ->> 'service') stored,
    actor        text        generated always as (record_json::jsonb -> 'event' ->> 'actor') stored,
    action       text        generated always as (record_json::jsonb -> 'event' ->> 'action') stored,
    outcome      text        generated always as (record_json::jsonb -> 'event' ->> 'outcome') stored,
    patient_ref  text        generated always as (record_json::jsonb -> 'event' ->> 'patientRef') stored,
    purpose      text        generated always as (record_json::jsonb -> 'event' ->> 'purpose') stored,
    resource     text        generated always as (record_json::jsonb -> 'event' ->> 'resource') stored,
    provider     text        generated always as (record_json::jsonb -> 'event' -> 'details' ->> 'provider') stored,
    -- the pseudonymized side (scribe, signoff) names a patient by its vault's token; these link it back
    vault_id     text        generated always as (record_json::jsonb -> 'event' -> 'details' ->> 'vault') stored,
    draft_id     text        generated always as (record_json::jsonb -> 'event' -> 'details' ->> 'draft') stored
);
create unique index audit_record_event_id on audit_record (event_id);
-- occurred_at is a fixed-width UTC instant (uuuu-MM-ddTHH:mm:ss.SSSSSSZ): text order is time order.
create index audit_record_patient on audit_record (patient_ref, occurred_at);
create index audit_record_actor on audit_record (actor, occurred_at);
create index audit_record_purpose on audit_record (purpose, occurred_at);
create index audit_record_occurred on audit_record (occurred_at);
create index audit_record_disclosure on audit_record (provider, occurred_at) where action = 'model.call';
create index audit_record_resource on audit_record (resource);
create index audit_record_vault on audit_record (vault_id);
create index audit_record_draft on audit_record (draft_id);

-- A signed chain head: the key is outside the database, so a removed tail (and the rows of it) shows.
create table checkpoint (
    seq        bigint      primary key,
    head_hash  bytea       not null,
    signed_at  timestamptz not null,
    key_id     text        not null,
    signature  bytea       not null
);

-- The runtime role (config signet.audit.db.writer-role): read and append, nothing else.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = '${writerRole}') then
        create role ${writerRole} login password '${writerPassword}';
    end if;
end
$$;
grant usage on schema audit to ${writerRole};
grant select, insert on audit_record, checkpoint to ${writerRole};
