-- The running instances of PartnerSync on this store, each with its last heartbeat (database
-- time): every instance reads the same list and so works out the same share of the connectors
-- for each (sync/InstanceShares). A row whose heartbeat is older than the lease is an instance
-- that died; a clean shutdown deletes its own row.
create table sync_instance (
    id           text primary key,
    host         text not null,
    started_at   timestamptz not null default now(),
    heartbeat_at timestamptz not null default now()
);
