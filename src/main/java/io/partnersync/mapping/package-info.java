/**
 * Declarative field mappings between a CRM's records and the canonical model, read from
 * {@code mappings/<crm>/<entity>.yaml} with per-connector overrides beside them
 * ({@code <entity>.<connector>.yaml}). The vocabulary is small and closed: a source field path, a
 * default, one of a fixed set of named {@link io.partnersync.mapping.Converter}s, a lookup table,
 * a reference to another entity, and a per-field {@link io.partnersync.mapping.SyncRule}. Files
 * are checked against {@code mapping.schema.json} and the canonical model at start-up.
 */
package io.partnersync.mapping;
