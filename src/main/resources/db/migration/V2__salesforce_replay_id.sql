-- Change Data Capture: the last replay id whose change is committed in the store, per connector
-- and entity, kept beside the polling cursor but written separately.
alter table sync_checkpoint add column replay_id text;
alter table sync_checkpoint add column replay_saved_at timestamptz;
