package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.util.UUID;

/**
 * A change to deliver to one target connector.
 *
 * @param payload the canonical record as JSON, with its {@code id}
 * @param contentHash of the canonical values in {@code payload}
 */
public record OutboxEntry(
        long id,
        String targetConnector,
        EntityType entityType,
        UUID entityId,
        Operation operation,
        String payload,
        String contentHash,
        int attempts) {

    public enum Operation { UPSERT, ARCHIVE }
}
