-- PartnerSync central store. Canonical tables carry the same bookkeeping columns:
--   content_hash        hash of the canonical field values, to see "nothing changed" without a diff
--   source_modified_at  newest source modification time applied (two-way newest-wins compares to it)
--   version             bumped on every change
--   archived_at         set when the record was deleted in its source and archived here
-- Canonical rows are archived, never deleted, and the ingest path resolves every reference (an
-- unresolved one is kept as a REFERENCE failure), so references carry no foreign-key constraint:
-- each would cost a key-share lock on the partner row per inserted deal, serializing bulk loads
-- of one partner's records behind that row.

create table partner (
    id                 uuid primary key,
    key                text not null unique,
    name               text not null,
    tier               text,
    status             text,
    territories        text[] not null default '{}',
    specializations    text[] not null default '{}',
    capacity           integer,
    content_hash       text not null,
    source_modified_at timestamptz,
    version            bigint not null default 1,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    archived_at        timestamptz
);

create table account (
    id                 uuid primary key,
    name               text not null,
    domain             text,
    country            text,
    content_hash       text not null,
    source_modified_at timestamptz,
    version            bigint not null default 1,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    archived_at        timestamptz
);
create index account_domain on account (domain);

create table lead (
    id                 uuid primary key,
    first_name         text,
    last_name          text,
    email              text,
    company            text,
    domain             text,
    country            text,
    product_interest   text,
    status             text not null,
    partner_id         uuid,
    accept_by          timestamptz,
    content_hash       text not null,
    source_modified_at timestamptz,
    version            bigint not null default 1,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    archived_at        timestamptz
);
create index lead_partner on lead (partner_id);
create index lead_domain on lead (domain);

create table deal (
    id                   uuid primary key,
    name                 text not null,
    partner_id           uuid,
    customer_name        text,
    customer_domain      text,
    product              text,
    amount               numeric(19, 4),
    currency             char(3),
    close_date           date,
    stage                text not null,
    registration_status  text not null,
    registration_reason  text,
    exclusive_until      date,
    content_hash         text not null,
    source_modified_at   timestamptz,
    version              bigint not null default 1,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    archived_at          timestamptz
);
create index deal_partner on deal (partner_id);
create index deal_customer_domain on deal (customer_domain);

create table payout (
    id                 uuid primary key,
    partner_id         uuid,
    deal_id            uuid,
    type               text not null,
    amount             numeric(19, 4) not null,
    currency           char(3) not null,
    status             text not null,
    due_date           date,
    reference          text,
    content_hash       text not null,
    source_modified_at timestamptz,
    version            bigint not null default 1,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    archived_at        timestamptz
);
create index payout_partner on payout (partner_id);

-- Which record in which connector is which canonical record.
--   last_seen_hash     canonical content of the last version ingested from this connector (same again: no-op)
--   last_written_hash  canonical content we last wrote to this connector (coming back unchanged: an echo)
create table external_ref (
    connector          text not null,
    entity_type        text not null,
    external_id        text not null,
    entity_id          uuid not null,
    source_modified_at timestamptz,
    last_seen_hash     text,
    last_written_hash  text,
    last_written_at    timestamptz,
    -- The id columns lead both indexes: they are the selective part of every lookup, and a
    -- leading (connector, entity_type) let the planner, on stale statistics during a bulk load,
    -- pick the wrong index and scan every ref of a connector once per id.
    primary key (external_id, connector, entity_type)
);
create unique index external_ref_entity on external_ref (entity_id, connector, entity_type);

-- Incremental read position per connector and entity: (cursor_ts, cursor_id) is the last record read.
create table sync_checkpoint (
    connector   text not null,
    entity_type text not null,
    cursor_ts   timestamptz,
    cursor_id   text,
    updated_at  timestamptz not null default now(),
    primary key (connector, entity_type)
);

-- What each target connector still has to receive: one row per (target, record) while a write is
-- owed. A change sets it PENDING with the new content hash (a burst of changes to one record is one
-- write, a replayed change is no second one). The relay reads the canonical row when it writes, so
-- it always sends the newest state, and deletes the row after the CRM confirmed it, only if no
-- newer change arrived meanwhile (compare-and-set on content_hash); what was delivered is then
-- recorded in external_ref (last_written_hash, last_written_at). A write that keeps failing is
-- PARKED, with a sync_failure that says why.
create table outbox (
    target_connector text not null,
    entity_id        uuid not null,
    entity_type      text not null,
    operation        text not null,
    content_hash     text not null,
    status           text not null default 'PENDING',
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_error       text,
    queued_at        timestamptz not null default now(),
    primary key (target_connector, entity_id, entity_type)
);

-- Dead letters: what could not be processed, why, and enough to replay it.
-- One open failure per (connector, direction, entity, external id); seeing it again counts an attempt.
create table sync_failure (
    id            bigserial primary key,
    connector     text not null,
    direction     text not null,
    entity_type   text not null,
    external_id   text not null default '',
    payload       text,
    category      text not null,
    reason        text not null,
    attempts      integer not null default 1,
    first_seen_at timestamptz not null default now(),
    last_seen_at  timestamptz not null default now(),
    resolved_at   timestamptz,
    resolution    text
);
create unique index sync_failure_open on sync_failure (external_id, connector, direction, entity_type) where resolved_at is null;
create index sync_failure_category on sync_failure (category) where resolved_at is null;

-- Who or which rule did what to which record, and why.
create table audit_event (
    id          bigserial primary key,
    at          timestamptz not null default now(),
    actor       text not null,
    entity_type text,
    entity_id   uuid,
    action      text not null,
    reason      text,
    detail      jsonb
);
create index audit_event_entity on audit_event (entity_type, entity_id);
