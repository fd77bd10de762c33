-- Incremental reads that always finish (see io.partnersync.connector.PollWindow):
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

-- What the relay is about to write, recorded before it calls the CRM (write-ahead): the mapping's
-- fingerprint of the version sent. If the process dies between the CRM's answer and recording it,
-- reading that version back is still recognized as our own echo, never as a newer change.
alter table outbox add column sent_fingerprint text;
