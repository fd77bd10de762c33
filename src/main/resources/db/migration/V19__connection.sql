-- Partners' connections to their own CRMs, kept in the store instead of the configuration file, so
-- they are added, changed and removed at runtime on every instance.
--   definition   the connector's settings as the configuration file would hold them (kebab-case
--                keys: type, partner, entities, base-url, poll-interval, limits, the kind's block),
--                never a secret
--   credentials  the connection's secrets by purpose, one JSON object encrypted with AES-256-GCM
--                (key from the environment, never in the database), the connection's name as
--                authenticated data; null when it has none
--   version      from connection_version: every change takes the next number, so an instance
--                sees that the list changed by reading max(version)
--   removed_at   a removed connection stops its work; its row, history and audit stay, and the
--                records it wrote stay in the CRMs
create sequence connection_version;

create table connection (
    name        text primary key,
    kind        text not null,
    partner     text not null,
    definition  jsonb not null,
    credentials text,
    version     bigint not null default nextval('connection_version'),
    created_at  timestamptz not null default now(),
    created_by  text not null,
    updated_at  timestamptz not null default now(),
    updated_by  text not null,
    removed_at  timestamptz
);

create index connection_partner on connection (partner) where removed_at is null;
