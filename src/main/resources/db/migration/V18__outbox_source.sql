-- Which connector's change queued an entry ('' for a timed decision or an operator's): a relay
-- takes the due entries of its target in turns by source, so one partner's bulk import never
-- holds back another partner's changes to the same CRM (the vendor's org above all).
alter table outbox add column source text not null default '';
