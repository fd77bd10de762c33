/**
 * Partner portals in HubSpot. HubSpot publishes no Java client, so the few calls PartnerSync
 * needs live here, written from HubSpot's public API reference. So far: verification of webhook
 * request signatures (v3).
 */
package io.partnersync.connector.hubspot;
