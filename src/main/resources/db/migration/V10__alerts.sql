-- Alerts that were sent and have not cleared yet, one per condition ("paused:acme-hubspot"): each is
-- sent once when it starts and once when it clears, by whichever instance runs the alerts task.
create table alert_raised (
    condition text primary key,
    raised_at timestamptz not null default now(),
    message   text not null
);
