/**
 * Partners' connections kept in the store: added, changed and removed at runtime through the admin
 * API (and, later, by the partner through an invitation), applied on every instance within seconds
 * without a restart. A connection is the same connector the configuration file declares, checked
 * by the same rules; its secrets are encrypted at rest.
 */
package io.partnersync.connection;
