/**
 * The sync engine: how pages read from a CRM reach the store (through each connector's inbound
 * route to {@code direct:ingest}) and how the outbox reaches the CRMs (through each connector's
 * outbound route to its writer). Connectors see only {@link io.partnersync.sync.spi}.
 */
package io.partnersync.sync;
