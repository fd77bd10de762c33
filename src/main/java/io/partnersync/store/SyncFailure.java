package io.partnersync.store;

import io.partnersync.sync.spi.FailureCategory;
import java.time.Instant;

/**
 * A record that could not be processed, kept with enough to replay it.
 *
 * @param externalId the record's id in the connector, or empty when the payload had none
 * @param payload what was received or was to be sent, as received (usually JSON)
 * @param attempts how many times it has failed
 */
public record SyncFailure(
        long id,
        String connector,
        Direction direction,
        String entityType,
        String externalId,
        String payload,
        FailureCategory category,
        String reason,
        int attempts,
        Instant firstSeenAt,
        Instant lastSeenAt,
        Instant resolvedAt,
        String resolution) {

    public enum Direction { INBOUND, OUTBOUND }
}
