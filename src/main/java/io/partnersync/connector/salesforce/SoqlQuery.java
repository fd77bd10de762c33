package io.partnersync.connector.salesforce;

import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.SyncRule;
import io.partnersync.sync.spi.SourceReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.time.OffsetDateTime;

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
     * The read the engine asks for: strictly after a record (by modified, then Id), or from a time.
     * Reads also {@code ownIdField}, the PartnerSync id on records PartnerSync wrote.
     */
    static String incremental(Mapping mapping, String where, SourceReader.Position position, String ownIdField) {
        if (position.afterTimestamp() != null) {
            return incremental(mapping, where, position.afterTimestamp(), position.afterId(), Duration.ZERO, ownIdField);
        }
        Instant from = position.from() == null || position.from().equals(Instant.EPOCH) ? null : position.from();
        return incremental(mapping, where, from, null, Duration.ZERO, ownIdField);
    }

    static String incremental(Mapping mapping, String where, Instant cursorTimestamp, String cursorId, Duration lookBack) {
        return incremental(mapping, where, cursorTimestamp, cursorId, lookBack, null);
    }

    /**
     * @param where the admin's condition for this entity, or {@code null}
     * @param cursorTimestamp where the last read stopped, or {@code null} to read everything
     * @param cursorId the Id of the record it stopped at, or {@code null} to read from {@code cursorTimestamp} on
     * @param lookBack how far before the cursor to start again; zero reads strictly after it
     */
    private static String incremental(Mapping mapping, String where, Instant cursorTimestamp, String cursorId, Duration lookBack, String ownIdField) {
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
        if (cursorTimestamp != null) {
            if (!conditions.isEmpty()) {
                conditions.append(" AND ");
            }
            if (lookBack.isZero() && cursorId != null) {
                String at = SOQL_DATETIME.format(cursorTimestamp);
                conditions.append("(").append(modified).append(" > ").append(at).append(" OR (").append(modified).append(" = ")
                        .append(at).append(" AND ").append(id).append(" > '").append(escape(cursorId)).append("'))");
            } else {
                conditions.append(modified).append(" >= ").append(SOQL_DATETIME.format(cursorTimestamp.minus(lookBack)));
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
        return OffsetDateTime.parse(value, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX")).toInstant();
    }

    private static String escape(String literal) {
        return literal.replace("\\", "\\\\").replace("'", "\\'");
    }
}
