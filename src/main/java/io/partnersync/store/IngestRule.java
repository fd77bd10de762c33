package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import java.util.Map;
import java.util.UUID;

/**
 * Business rules that run on the ingest path, inside its transaction, on a record about to be
 * stored: deal-registration governance decides here, so a decision is stored, audited and queued
 * for every CRM together with the record, or not at all.
 */
public interface IngestRule {

    /**
     * @param fields the canonical fields about to be stored (valid, merged by the sync rules)
     * @return the fields to store instead, and whether the source connector must get them back
     *     (a decision the rep has to see in the CRM the record came from)
     */
    Result apply(Context context, Map<String, Object> fields);

    /**
     * Whether the rule must see a record whose mapped fields did not change (for example a deal
     * the rep just marked for registration, which only a raw field tells); such a record skips the
     * unchanged and echo shortcuts. Called for every known record of a page: keep it cheap.
     */
    default boolean wants(Context context) {
        return false;
    }

    /**
     * @param entityId the record's canonical id (new or existing)
     * @param current the stored fields before this change; {@code null} for a new record
     * @param incoming what the CRM holds, mapped, before the sync rules merged it with {@code current}
     * @param raw the CRM record as read
     */
    record Context(ConnectorProperties connector, EntityType type, UUID entityId, String externalId, Map<String, Object> current,
                   Map<String, Object> incoming, Map<String, Object> raw) {
    }

    record Result(Map<String, Object> fields, boolean writeBack) {

        public static Result unchanged(Map<String, Object> fields) {
            return new Result(fields, false);
        }
    }
}
