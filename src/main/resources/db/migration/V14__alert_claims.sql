-- An alert is claimed in this table before it is sent, so two overlapping checks (the scheduled one and
-- a direct call, or two instances) never both send it: 'raising' while its start is being sent, 'sent'
-- once delivered, 'clearing' while its end is being sent. A claim whose sender died lapses at claimed_until.
alter table alert_raised add column state text not null default 'sent' check (state in ('raising', 'sent', 'clearing'));
alter table alert_raised add column claimed_until timestamptz;
