package io.partnersync.store;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A canonical row as the store holds it.
 *
 * @param fields every canonical field of the entity, by name, with typed values
 * @param contentHash {@link io.partnersync.canonical.ContentHash} of {@code fields}
 * @param sourceModifiedAt newest source modification time applied
 * @param archivedAt when it was deleted in its source, or {@code null}
 */
public record StoredRecord(
        UUID id,
        Map<String, Object> fields,
        String contentHash,
        Instant sourceModifiedAt,
        long version,
        Instant archivedAt) {
}
