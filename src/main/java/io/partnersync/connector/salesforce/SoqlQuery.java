package io.partnersync.connector.salesforce;

import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.SyncRule;
import io.partnersync.store.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Builds the incremental SOQL for one entity: the fields its mapping reads, the admin's filter,
 * and a cursor on (modified, Id), ordered by both so that records sharing a SystemModstamp are
 * read in a stable order and a checkpoint between them is exact.
 */
final class SoqlQuery {

    private static final DateTimeFormatter SOQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SoqlQuery() {
    }

    /**
     * The read a {@link PollWindow} asks for: strictly after its cursor, or from its start time.
     * Reads also {@code ownIdField}, the PartnerSync id on records PartnerSync wrote.
     */
    static String incremental(Mapping mapping, String where, io.partnersync.connector.PollWindow window, String ownIdField) {
        Checkpoint from = window.resumes() ? window.cursor()
                : window.from().equals(Instant.EPOCH) ? null : new Checkpoint(window.from(), null);
        return incremental(mapping, where, from, Duration.ZERO, ownIdField);
    }

    static String incremental(Mapping mapping, String where, Checkpoint checkpoint, Duration lookBack) {
        return incremental(mapping, where, checkpoint, lookBack, null);
    }

    /**
     * @param where the admin's condition for this entity, or {@code null}
     * @param checkpoint where the last read stopped, or {@code null} to read everything
     * @param lookBack how far before the checkpoint to start again; zero reads strictly after it
     */
    private static String incremental(Mapping mapping, String where, Checkpoint checkpoint, Duration lookBack, String ownIdField) {
        String modified = mapping.modifiedPath();
        String id = mapping.idPath();
        Set<String> fields = fields(mapping);
        if (ownIdField != null) {
            fields.add(ownIdField);
        }
        StringBuilder soql = new StringBuilder("SELECT ").append(String.join(", ", fields))
                .append(" FROM ").append(mapping.object());
        StringBuilder conditions = new StringBuilder();
        if (where != null && !where.isBlank()) {
            conditions.append("(").append(where).append(")");
        }
        if (checkpoint != null && checkpoint.cursorTimestamp() != null) {
            if (!conditions.isEmpty()) {
                conditions.append(" AND ");
            }
            if (lookBack.isZero() && checkpoint.cursorId() != null) {
                String at = SOQL_DATETIME.format(checkpoint.cursorTimestamp());
                conditions.append("(").append(modified).append(" > ").append(at).append(" OR (").append(modified).append(" = ")
                        .append(at).append(" AND ").append(id).append(" > '").append(escape(checkpoint.cursorId())).append("'))");
            } else {
                conditions.append(modified).append(" >= ").append(SOQL_DATETIME.format(checkpoint.cursorTimestamp().minus(lookBack)));
            }
        }
        if (!conditions.isEmpty()) {
            soql.append(" WHERE ").append(conditions);
        }
        return soql.append(" ORDER BY ").append(modified).append(", ").append(id).toString();
    }

    /** Id, modified and deleted first, then every path the mapping reads, each once. */
    static Set<String> fields(Mapping mapping) {
        Set<String> fields = new LinkedHashSet<>();
        fields.add(mapping.idPath());
        fields.add(mapping.modifiedPath());
        if (mapping.deletedPath() != null) {
            fields.add(mapping.deletedPath());
        }
        for (FieldMapping field : mapping.fields().values()) {
            if (field.from() != null && field.sync() != SyncRule.NEVER_SYNC) {
                fields.add(field.from());
            }
        }
        return fields;
    }

    static Instant parseDateTime(String value) {
        return java.time.OffsetDateTime.parse(value, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX")).toInstant();
    }

    private static String escape(String literal) {
        return literal.replace("\\", "\\\\").replace("'", "\\'");
    }
}
