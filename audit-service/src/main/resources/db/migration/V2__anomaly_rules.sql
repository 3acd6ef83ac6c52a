-- Anomaly rules as data: an auditor changes a threshold or window through the API, without a release.
create table anomaly_rule (
    id              text        primary key,
    description     text        not null,
    threshold       integer     not null check (threshold > 0),
    window_minutes  integer     not null check (window_minutes > 0),
    enabled         boolean     not null default true,
    -- rule-specific settings as JSON (after-hours: the working day and its time zone)
    settings        text        not null default '{}',
    updated_at      timestamptz not null default now(),
    updated_by      text        not null default 'migration'
);

insert into anomaly_rule (id, description, threshold, window_minutes, settings) values
    ('distinct-patients', 'One user touched more distinct patients than the threshold within the window', 50, 10,
     '{}'),
    ('reidentify-burst', 'One account re-identified more times than the threshold within the window', 200, 5, '{}'),
    ('unassigned-access', 'A user opened, edited, signed or rejected a draft that another user requested', 1, 60,
     '{}'),
    ('refusal-burst', 'One account, client or address was refused (401 or 403) more times than the threshold '
     || 'within the window', 20, 5, '{}'),
    ('after-hours-bulk', 'One user touched more distinct patients than the threshold outside working hours within '
     || 'the window', 10, 60, '{"workdayStart":"07:00","workdayEnd":"19:00","zone":"UTC","weekendsOff":true}');

-- Every alert raised, from a rule or the chain's verification: what the API and the page list, and what keeps one
-- burst from raising the same alert twice, across restarts too.
create table alert (
    id          uuid        primary key,
    rule        text        not null,
    severity    text        not null,
    subject     text        not null,
    summary     text        not null,
    details     text        not null,
    raised_at   timestamptz not null,
    quiet_until timestamptz not null
);
create index alert_raised on alert (raised_at desc);
create index alert_rule_subject on alert (rule, subject, quiet_until);

grant select, update on anomaly_rule to ${writerRole};
grant select, insert on alert to ${writerRole};
