package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.time.Instant;
import java.util.UUID;

/**
 * Says that record {@code externalId} in {@code connector} is canonical record {@code entityId}.
 *
 * @param lastSeenHash content of the last version ingested from the connector
 * @param lastWrittenHash content we last wrote to the connector; the same coming back is an echo
 */
public record ExternalRef(
        String connector,
        EntityType entityType,
        String externalId,
        UUID entityId,
        Instant sourceModifiedAt,
        String lastSeenHash,
        String lastWrittenHash) {

    ExternalRef seen(Instant modifiedAt, String hash) {
        Instant newest = sourceModifiedAt == null || modifiedAt != null && modifiedAt.isAfter(sourceModifiedAt) ? modifiedAt : sourceModifiedAt;
        return new ExternalRef(connector, entityType, externalId, entityId, newest, hash, lastWrittenHash);
    }
}
