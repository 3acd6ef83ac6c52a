-- The audit trail: one row per audit event, append-only and hash-chained.
--
-- record_json is the canonical form the chain hashes (the event and when the store received it). Every column a
-- search needs is derived from it by the trigger below, on every insert and update, so no search column can
-- disagree with what the hash covers (short of the table's owner disabling the trigger). One trigger parses the
-- text once; a generated column per field would parse it once per column, several times slower. The runtime role
-- may only INSERT and SELECT: the store never changes or removes an event, and the database enforces that.
create table audit_record (
    seq          bigint      primary key,
    record_json  text        not null,
    prev_hash    bytea       not null,
    hash         bytea       not null,
    event_id     uuid        not null,
    occurred_at  text        not null,
    service      text,
    actor        text,
    action       text        not null,
    outcome      text,
    patient_ref  text,
    purpose      text,
    resource     text,
    provider     text,
    -- the pseudonymized side (scribe, signoff) names a patient by its vault's token; these link it back
    vault_id     text,
    draft_id     text
);

create function derive_search_columns() returns trigger language plpgsql as $$
declare
    event jsonb := NEW.record_json::jsonb -> 'event';
begin
    NEW.event_id := cast(event ->> 'eventId' as uuid);
    NEW.occurred_at := event ->> 'occurredAt';
    NEW.service := event ->> 'service';
    NEW.actor := event ->> 'actor';
    NEW.action := event ->> 'action';
    NEW.outcome := event ->> 'outcome';
    NEW.patient_ref := event ->> 'patientRef';
    NEW.purpose := event ->> 'purpose';
    NEW.resource := event ->> 'resource';
    NEW.provider := event -> 'details' ->> 'provider';
    NEW.vault_id := event -> 'details' ->> 'vault';
    NEW.draft_id := event -> 'details' ->> 'draft';
    return NEW;
end
$$;
create trigger audit_record_search_columns before insert or update on audit_record
    for each row execute function derive_search_columns();

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
