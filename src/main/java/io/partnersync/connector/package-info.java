/**
 * What every connector type shares: secrets from the environment, and the writer interface the
 * outbox relay calls. Each connector type lives in its own sub-package and is the one place that
 * talks to its CRM's API.
 */
package io.partnersync.connector;
