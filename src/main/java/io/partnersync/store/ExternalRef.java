package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.time.Instant;
import java.util.UUID;
import java.util.List;

/**
 * Says that record {@code externalId} in {@code connector} is canonical record {@code entityId}.
 *
 * @param lastSeenHash content of the last version ingested from the connector
 * @param lastWrittenHash content we last wrote to the connector; the same coming back is an echo
 * @param writtenHashes fingerprints of what we wrote there since the connector last sent a change of
 *     its own; any of them coming back is an echo too
 */
public record ExternalRef(
        String connector,
        EntityType entityType,
        String externalId,
        UUID entityId,
        Instant sourceModifiedAt,
        String lastSeenHash,
        String lastWrittenHash,
        List<String> writtenHashes) {

    public ExternalRef(String connector, EntityType entityType, String externalId, UUID entityId, Instant sourceModifiedAt,
                       String lastSeenHash, String lastWrittenHash) {
        this(connector, entityType, externalId, entityId, sourceModifiedAt, lastSeenHash, lastWrittenHash, List.of());
    }

    /** Whether {@code fingerprint} is one of ours coming back. */
    public boolean wrote(String fingerprint) {
        return fingerprint.equals(lastWrittenHash) || writtenHashes.contains(fingerprint);
    }

    /** The same link after reading our own write back: what we wrote stays known. */
    public ExternalRef seen(Instant modifiedAt, String hash) {
        Instant newest = sourceModifiedAt == null || modifiedAt != null && modifiedAt.isAfter(sourceModifiedAt) ? modifiedAt : sourceModifiedAt;
        return new ExternalRef(connector, entityType, externalId, entityId, newest, hash, lastWrittenHash, writtenHashes);
    }
}
