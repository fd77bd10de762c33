-- Deal-registration governance. One row per registered partner deal with its current decision;
-- every decision is also in audit_event with the rule that made it. customer_keys holds every key
-- the customer is known by (domain and normalized name, see CustomerKey), and conflict lookups go
-- through the GIN index with "customer_keys && ?": an index probe, never a scan, however many
-- registrations there are.
create table deal_registration (
    deal_id              uuid primary key,
    partner_id           uuid not null,
    customer_keys        text[] not null,
    product_line         text,
    status               text not null,
    rule                 text not null,
    reason               text not null,
    exclusive_until      date,
    extended             boolean not null default false,
    conflicts_with       uuid[] not null default '{}',
    direct_opportunities text[] not null default '{}',
    stage                text not null,
    submitted_at         timestamptz not null default now(),
    decided_at           timestamptz not null default now()
);
create index deal_registration_customer on deal_registration using gin (customer_keys);
create index deal_registration_expiry on deal_registration (exclusive_until) where status = 'APPROVED';

-- The vendor's own open opportunities (deals without a partner, from the vendor CRM), by customer:
-- a partner registering one of these customers is a channel conflict for review.
create table vendor_opportunity (
    deal_id       uuid primary key,
    external_id   text not null,
    name          text not null,
    customer_keys text[] not null,
    product_line  text
);
create index vendor_opportunity_customer on vendor_opportunity using gin (customer_keys);

-- The first registration a conflicting one competes with, linked for the channel manager in the
-- vendor CRM. Never sent to partner CRMs.
alter table deal add column competing_registration uuid;

-- db-scheduler's table (https://github.com/kagkarlsson/db-scheduler, postgresql_tables.sql).
create table scheduled_tasks (
    task_name            text not null,
    task_instance        text not null,
    task_data            bytea,
    execution_time       timestamptz not null,
    picked               boolean not null,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures int,
    last_heartbeat       timestamptz,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
