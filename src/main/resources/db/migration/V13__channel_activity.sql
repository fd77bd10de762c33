-- The sync health page's channel activity (GET /api/channel) lists the newest leads, registration
-- decisions and payouts every 10 s per open page: each list reads its newest rows by index.
create index lead_updated on lead (updated_at desc) where archived_at is null;
create index payout_created on payout (created_at desc) where archived_at is null;
create index deal_registration_decided on deal_registration (decided_at desc);
