-- The rep's progress with an accepted lead (Qualified, Meeting booked, ...), from the partner CRM's statuses to the vendor CRM's lead status.
alter table lead add column progress text;
