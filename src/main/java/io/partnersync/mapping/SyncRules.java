package io.partnersync.mapping;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges an incoming change into the stored canonical values, field by field, by each field's
 * {@link SyncRule}. Pure: no I/O, no clock.
 */
public final class SyncRules {

    private SyncRules() {
    }

    /**
     * @param current the stored values, or {@code null} for a record not yet in the store
     * @param incoming the values the change carries (only the fields its mapping covers)
     * @param fromVendor whether the change comes from the vendor CRM
     * @param incomingModifiedAt the change's source modification time, or {@code null} if unknown
     * @param currentModifiedAt the newest source modification time applied to the stored record
     * @return the merged values; equal to {@code current} when no rule lets the change through
     */
    public static Map<String, Object> merge(
            Map<String, Object> current,
            Map<String, Object> incoming,
            Map<String, FieldMapping> rules,
            boolean fromVendor,
            Instant incomingModifiedAt,
            Instant currentModifiedAt) {
        Map<String, Object> merged = current == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
        boolean newer = current == null || currentModifiedAt == null || incomingModifiedAt == null
                || !incomingModifiedAt.isBefore(currentModifiedAt);
        incoming.forEach((field, value) -> {
            FieldMapping mapping = rules.get(field);
            SyncRule rule = mapping == null ? SyncRule.TWO_WAY_NEWEST_WINS : mapping.sync();
            Object stored = merged.get(field);
            boolean apply = switch (rule) {
                case TWO_WAY_NEWEST_WINS -> newer;
                case VENDOR_WINS -> fromVendor;
                case PARTNER_WINS_UNLESS_BLANK -> fromVendor ? isBlank(stored) : !isBlank(value);
                case NEVER_SYNC -> false;
            };
            if (apply) {
                merged.put(field, value);
            }
        });
        return merged;
    }

    private static boolean isBlank(Object value) {
        return value == null || value instanceof String s && s.isBlank() || value instanceof Collection<?> c && c.isEmpty();
    }
}
