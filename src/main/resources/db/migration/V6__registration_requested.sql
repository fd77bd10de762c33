-- The rep's request to register a deal is a canonical field, mapped from each partner CRM's own
-- field in mappings/<crm>/deal.yaml (HubSpot: partnersync_register), no longer read around the mapping.
alter table deal add column registration_requested boolean;
