package io.partnersync.mapping;

import io.partnersync.canonical.EntityType;
import java.time.Instant;
import java.util.Map;

/**
 * A CRM record read through a mapping: its identity in the CRM and the canonical field values the
 * mapping covers. Fields the mapping does not cover are absent (not {@code null}), so a merge
 * leaves them as they are.
 *
 * @param modifiedAt the CRM's last-modified time, or {@code null} when the CRM gave none
 * @param references canonical fields whose value is the external id of another record, to resolve
 */
public record MappedRecord(
        String externalId,
        Instant modifiedAt,
        boolean deleted,
        Map<String, Object> fields,
        Map<String, Reference> references) {

    /** An external id, in the same connector, of a record of {@code type}. */
    public record Reference(EntityType type, String externalId) {
    }
}
