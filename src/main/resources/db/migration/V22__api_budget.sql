-- The vendor CRM's API calls PartnerSync made on each partner's behalf (writing the partner's
-- changes to the vendor's org), by hour, shared by every instance: the fair share of the vendor's
-- daily allowance is decided from the last 24 hours of it. partner '' is PartnerSync's own traffic
-- (changes that started at the vendor).
create table api_budget (
    target  text not null,
    partner text not null,
    hour    timestamptz not null,
    calls   bigint not null default 0,
    records bigint not null default 0,
    primary key (target, partner, hour)
);
