-- PartnerSync central store. Canonical tables carry the same bookkeeping columns:
--   content_hash        hash of the canonical field values, to see "nothing changed" without a diff
--   source_modified_at  newest source modification time applied (two-way newest-wins compares to it)
--   version             bumped on every change
--   archived_at         set when the record was deleted in its source and archived here

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
    partner_id         uuid references partner (id),
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
    partner_id           uuid references partner (id),
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
    partner_id         uuid references partner (id),
    deal_id            uuid references deal (id),
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
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    primary key (connector, entity_type, external_id)
);
create unique index external_ref_entity on external_ref (connector, entity_type, entity_id);

-- Incremental read position per connector and entity: (cursor_ts, cursor_id) is the last record read.
create table sync_checkpoint (
    connector   text not null,
    entity_type text not null,
    cursor_ts   timestamptz,
    cursor_id   text,
    updated_at  timestamptz not null default now(),
    primary key (connector, entity_type)
);

-- Changes to deliver, per target connector. At most one pending row per (target, record):
-- a newer change replaces the payload of the pending one instead of queueing a second write.
create table outbox (
    id               bigserial primary key,
    target_connector text not null,
    entity_type      text not null,
    entity_id        uuid not null,
    operation        text not null,
    payload          jsonb not null,
    content_hash     text not null,
    status           text not null default 'PENDING',
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_error       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create unique index outbox_one_pending on outbox (target_connector, entity_type, entity_id) where status = 'PENDING';
create index outbox_due on outbox (target_connector, next_attempt_at) where status = 'PENDING';

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
create unique index sync_failure_open on sync_failure (connector, direction, entity_type, external_id) where resolved_at is null;
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
