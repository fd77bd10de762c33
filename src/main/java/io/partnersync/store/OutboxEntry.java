package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.util.UUID;

/**
 * A record that one target connector still has to receive.
 *
 * @param contentHash of the canonical values when the change was queued; the relay sends the
 *     record as it is when it writes, and delivery is only confirmed for this hash
 * @param attempts delivery attempts so far
 */
public record OutboxEntry(
        String targetConnector,
        EntityType entityType,
        UUID entityId,
        Operation operation,
        String contentHash,
        int attempts) {

    /**
     * What the target receives: the whole record, its archival, or only a decision (the fields the
     * vendor side decides, sync rule vendor-wins) written back to a CRM that already holds the
     * record, so the rep's own fields there are left as the rep has them.
     */
    /**
     * UPSERT writes the record as it is; ARCHIVE puts the mapping's archive marks on the target's copy
     * (the record was deleted); DECISION writes only the decided (vendor-wins) fields; WITHDRAW puts
     * the archive marks on the copy in a CRM that no longer receives the record (a lead given to
     * another partner).
     */
    public enum Operation { UPSERT, ARCHIVE, DECISION, WITHDRAW }
}
