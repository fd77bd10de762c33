package io.partnersync.store;

import java.time.Instant;

/**
 * Where an incremental read stands: the last record read, as (modification time, id), because
 * modification times are not unique and the id breaks ties in the read order.
 */
public record Checkpoint(Instant cursorTimestamp, String cursorId) {
}
