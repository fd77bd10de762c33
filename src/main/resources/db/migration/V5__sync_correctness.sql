-- Incremental reads that always finish (see io.partnersync.sync.PollWindow):
--   watermark         every record modified before it has been read (start of the last complete
--                     read minus the look-back); the look-back re-reads only from here
--   chain_started_at  when the read in progress began, while it has not reached the end (a 429
--                     or a failed page); the next poll resumes at the cursor instead of starting over
alter table sync_checkpoint add column watermark timestamptz;
alter table sync_checkpoint add column chain_started_at timestamptz;

-- Leases for work that one instance at a time must do (a connector's polling, its outbox relay),
-- held by ShedLock (net.javacrumbs.shedlock); an instance that dies loses its leases when they expire.
create table shedlock (
    name       varchar(128) not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);

-- Our own writes, recognized when they are read back, whatever the order (write-ahead):
--   outbox.sent_fingerprints        the mapping's fingerprints of the versions the relay sent for
--                                   this entry, recorded before it calls the CRM; a kill between
--                                   the CRM's answer and recording it loses nothing
--   external_ref.written_hashes     fingerprints of the versions written there since that CRM last
--                                   sent a change of its own; an older write of ours read back late
--                                   is still our echo, never a newer change that wins newest-wins
alter table outbox add column sent_fingerprints text[] not null default '{}';
alter table external_ref add column written_hashes text[] not null default '{}';

-- The last n elements of an array (the lists above keep the last 8).
create function partnersync_keep_last(arr text[], n integer) returns text[] language sql immutable
    as $$ select coalesce(arr[greatest(1, cardinality(arr) - n + 1):], '{}') $$;
