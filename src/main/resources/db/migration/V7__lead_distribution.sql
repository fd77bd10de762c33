-- Lead distribution: what the vendor asks for, where the lead is, and every assignment with its outcome.
alter table lead add column state text;
alter table lead add column postal_code text;
alter table lead add column distribution_requested boolean;
alter table lead add column distribution_reason text;
alter table lead add column accepted_at timestamptz;
alter table lead add column rejection_reason text;

-- One row per time a lead was given to a partner; outcome null while the partner has not answered.
create table lead_assignment (
    lead_id     uuid not null,
    attempt     integer not null,
    partner_id  uuid not null,
    assigned_at timestamptz not null default now(),
    accept_by   timestamptz not null,
    outcome     text,
    outcome_at  timestamptz,
    rule        text not null,
    reason      text not null,
    primary key (lead_id, attempt)
);
-- a lead is with at most one partner awaiting its answer, whatever runs at once
create unique index lead_assignment_one_open on lead_assignment (lead_id) where outcome is null;
create index lead_assignment_due on lead_assignment (accept_by) where outcome is null;
create index lead_assignment_partner_open on lead_assignment (partner_id) where outcome is null;

-- Per partner, how many leads it was given, holds unanswered now, and how it answered: the weighted
-- choice, capacity and acceptance rate read one row per partner, however many leads the store holds.
create table lead_partner_stats (
    partner_id uuid primary key,
    assigned   bigint not null default 0,
    open_leads bigint not null default 0,
    accepted   bigint not null default 0,
    rejected   bigint not null default 0,
    expired    bigint not null default 0
);

-- Candidates covering a lead's territory are found by array overlap: the lead's country, its
-- country-region, and every prefix of its postal code as "DE:80" (see DistributionPolicy).
create index partner_territories on partner using gin (territories);
