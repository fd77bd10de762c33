-- HubSpot (and later other) webhook events already taken in, by the CRM's event id: a redelivered
-- event is recognized and not processed twice.
create table webhook_event (
    connector   text not null,
    event_id    text not null,
    received_at timestamptz not null default now(),
    primary key (connector, event_id)
);
