/**
 * The central PostgreSQL store and the one idempotent ingest path every connector calls:
 * map, resolve ids, merge by sync rules, upsert, and queue outbox rows for the other systems, in
 * one transaction with the page's checkpoint. One repository per table family; SQL lives in the
 * repositories and Flyway migrations, with bind parameters.
 */
package io.partnersync.store;
