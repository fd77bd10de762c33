package io.partnersync.mapping;

import io.partnersync.canonical.ContentHash;
import java.util.HashMap;
import java.util.Map;

/**
 * The fingerprint of a record as one connector can write it: the content hash of the canonical
 * fields that connector's mapping both reads and can write. The outbox relay stores it as "last
 * written" after a confirmed write; when the CRM later reports the record with the same
 * fingerprint, it is our own write coming back (an echo), not a change by a person.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String of(Mapping mapping, Map<String, ?> fields) {
        Map<String, Object> written = new HashMap<>();
        mapping.fields().values().stream()
                .filter(f -> writable(mapping, f))
                .forEach(f -> written.put(f.target(), fields.get(f.target())));
        return ContentHash.of(written);
    }

    /**
     * Whether PartnerSync writes this field to the CRM: a field of the record itself, as the CRM's
     * kind names it ({@link Mapping#writtenField()}); a related record's field is read-only.
     */
    public static boolean writable(Mapping mapping, FieldMapping field) {
        if (field.from() == null || field.sync() == SyncRule.NEVER_SYNC) {
            return false;
        }
        return mapping.writtenField().apply(field.from()) != null;
    }
}
