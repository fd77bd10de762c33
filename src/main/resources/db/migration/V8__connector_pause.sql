-- A connector an operator paused stays paused across restarts and on every instance, until resumed.
create table connector_pause (
    connector text primary key,
    paused_at timestamptz not null default now(),
    paused_by text not null,
    reason    text
);
