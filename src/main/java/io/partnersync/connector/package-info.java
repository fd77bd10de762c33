/**
 * What every connector kind may use beside the engine's SPI ({@link io.partnersync.sync.spi}):
 * secrets from the environment, rotated secrets kept encrypted, and the optional parts a
 * {@link io.partnersync.sync.spi.ConnectorKind} offers (schema check, API quota, rate-limit pause,
 * circuit breakers, payout copies). Each kind lives in its own sub-package, is the one place that
 * talks to its CRM's API, and is reached only through its {@code ConnectorKind} bean.
 */
package io.partnersync.connector;
