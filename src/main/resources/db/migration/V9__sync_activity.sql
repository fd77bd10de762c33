-- What each connector moved, per entity and direction, in 5-minute buckets: the sync health page's
-- "records in and out, last hour and last day". One row per bucket, added to by each page read and
-- each relay batch; buckets older than two days are deleted by the sync-activity-retention task.
create table sync_activity (
    connector   text not null,
    entity_type text not null,
    direction   text not null,
    bucket      timestamptz not null,
    records     bigint not null,
    primary key (connector, entity_type, direction, bucket)
);

-- When each connector last read (INBOUND) or wrote (OUTBOUND) each entity without failing; a read
-- that found nothing new counts, so the age of this is how far behind a connector is.
create table sync_last_success (
    connector    text not null,
    entity_type  text not null,
    direction    text not null,
    succeeded_at timestamptz not null,
    primary key (connector, entity_type, direction)
);

-- The age of the oldest change waiting per connector (a gauge and the page read it) without a scan.
create index outbox_pending_age on outbox (target_connector, queued_at) where status = 'PENDING';
