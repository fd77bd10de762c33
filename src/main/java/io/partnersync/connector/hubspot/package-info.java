/**
 * The {@code hubspot} connector kind ({@link io.partnersync.connector.hubspot.HubSpotKind}): partner
 * portals in HubSpot. HubSpot publishes no Java client, so the few calls PartnerSync needs live
 * here, written from HubSpot's public API reference: CRM search for incremental reads (with the
 * 10,000-result window split), batch upsert by a unique property for writes, a rate limiter per
 * portal, and verification of webhook signatures (v3).
 */
package io.partnersync.connector.hubspot;
