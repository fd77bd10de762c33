package io.partnersync.mapping;

import io.partnersync.canonical.ContentHash;
import java.util.HashMap;
import java.util.Map;

/**
 * The fingerprint of a record as one connector sees it: the content hash of only the canonical
 * fields that connector's mapping syncs. The ingest path stores it as "last seen"; the outbox
 * relay stores it as "last written" after a confirmed write; when a record comes back with the
 * fingerprint we wrote, it is our own echo.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String of(Mapping mapping, Map<String, ?> fields) {
        Map<String, Object> synced = new HashMap<>();
        mapping.fields().values().stream()
                .filter(f -> f.sync() != SyncRule.NEVER_SYNC)
                .forEach(f -> synced.put(f.target(), fields.get(f.target())));
        return ContentHash.of(synced);
    }
}
