-- The payout ledger (issue 13): computed payouts carry their rule, a source key unique per rule
-- and source event (one payout per event, whatever is replayed), their period and reason; a
-- reversal names the payout it takes back. Deals name the partner that referred them.
alter table payout add column period text;
alter table payout add column rule text;
alter table payout add column source_key text;
alter table payout add column reverses uuid references payout (id);
alter table payout add column reason text;
create unique index payout_source_key on payout (source_key) where source_key is not null;
create unique index payout_reverses on payout (reverses) where reverses is not null;
create index payout_deal on payout (deal_id) where deal_id is not null;
create index payout_partner_period on payout (partner_id, period);
update payout set status = 'CALCULATED' where status = 'PENDING';

alter table deal add column referring_partner_id uuid;

-- A payout's history is the audit trail (append-only): every line created, every status a CRM reported, by whom and why.
