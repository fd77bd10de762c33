package io.partnersync.store;

import java.time.Instant;

/**
 * Where an incremental read stands: the last record read, as (modification time, id), because
 * modification times are not unique and the id breaks ties in the read order.
 *
 * @param watermark every record modified before it has been read, or {@code null} when unknown
 *     (the look-back re-reads from here, never from further back)
 * @param chainStartedAt when the read in progress began, while it has not reached the end (it
 *     stopped on a 429 or a failed page); the next read resumes at the cursor, or {@code null}
 */
public record Checkpoint(Instant cursorTimestamp, String cursorId, Instant watermark, Instant chainStartedAt) {

    public Checkpoint(Instant cursorTimestamp, String cursorId) {
        this(cursorTimestamp, cursorId, null, null);
    }
}
