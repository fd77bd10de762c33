package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.EntityType.FieldDef;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import java.sql.Connection;
import java.util.stream.IntStream;

/**
 * The canonical tables (partner, account, lead, deal, payout). Column names are the record
 * components' names in snake_case, so the statements are built once per entity from the
 * {@link EntityType} definitions (identifiers only; every value is a bind parameter). One generic
 * repository instead of five copies of the same upsert.
 */
@Repository
public class CanonicalRepository {

    private static final String BOOKKEEPING = "content_hash, source_modified_at, version, archived_at";

    private final JdbcTemplate jdbc;

    public CanonicalRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<UUID, StoredRecord> findByIds(EntityType type, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        // One primary-key probe per id, whatever the statistics say (see ExternalRefRepository.find).
        String sql = "select t.* from unnest(?::uuid[]) as wanted(id) cross join lateral (select id, " + columns(type) + ", " + BOOKKEEPING
                + " from " + type.key() + " where id = wanted.id limit 1) t";
        Map<UUID, StoredRecord> found = new HashMap<>();
        jdbc.query(sql, ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray())),
                rs -> {
                    StoredRecord record = read(type, rs);
                    found.put(record.id(), record);
                });
        return found;
    }

    public Optional<StoredRecord> findById(EntityType type, UUID id) {
        return Optional.ofNullable(findByIds(type, List.of(id)).get(id));
    }

    public Optional<String> findPartnerKey(UUID partnerId) {
        return jdbc.query("select key from partner where id = ?", rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty(), partnerId);
    }

    public Optional<UUID> findPartnerIdByKey(String key) {
        return jdbc.query("select id from partner where key = ?", rs -> rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty(), key);
    }

    /**
     * Inserts new rows in one statement: each column travels as one array and PostgreSQL unnests
     * them, which for a page of 2,000 rows costs a fraction of a 2,000-statement batch.
     */
    public void insert(EntityType type, List<StoredRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<FieldDef> fields = type.fields();
        StringBuilder arrays = new StringBuilder("?::uuid[]");
        StringBuilder selected = new StringBuilder("u.id");
        for (int i = 0; i < fields.size(); i++) {
            arrays.append(", ?::").append(arrayType(fields.get(i)));
            selected.append(", u.c").append(i).append(fields.get(i).isList() ? "::text[]" : "");
        }
        String sql = "insert into " + type.key() + " (id, " + columns(type) + ", content_hash, source_modified_at, archived_at) select "
                + selected + ", u.content_hash, u.source_modified_at, u.archived_at from unnest(" + arrays
                + ", ?::text[], ?::timestamptz[], ?::timestamptz[]) as u(id, "
                + IntStream.range(0, fields.size()).mapToObj(i -> "c" + i).collect(Collectors.joining(", "))
                + ", content_hash, source_modified_at, archived_at)";
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            int index = 1;
            ps.setArray(index++, con.createArrayOf("uuid", records.stream().map(StoredRecord::id).toArray()));
            for (FieldDef field : fields) {
                Object[] column = new Object[records.size()];
                for (int r = 0; r < column.length; r++) {
                    column[r] = arrayElement(con, field, records.get(r).fields().get(field.name()));
                }
                ps.setArray(index++, con.createArrayOf(field.isList() ? "text" : elementType(field), column));
            }
            ps.setArray(index++, con.createArrayOf("text", records.stream().map(StoredRecord::contentHash).toArray()));
            ps.setArray(index++, con.createArrayOf("text", records.stream().map(r -> text(r.sourceModifiedAt())).toArray()));
            ps.setArray(index, con.createArrayOf("text", records.stream().map(r -> text(r.archivedAt())).toArray()));
            return ps;
        });
    }

    /** A list field travels as the text of a PostgreSQL array literal, cast back per row: unnest() would flatten a 2-D array. */
    private static Object arrayElement(Connection con, FieldDef field, Object value) throws SQLException {
        if (field.isList()) {
            return con.createArrayOf("text", (value == null ? List.of() : (List<?>) value).toArray()).toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Instant || value instanceof LocalDate) {
            return value.toString();
        }
        return value;
    }

    private static String elementType(FieldDef field) {
        Class<?> type = field.type();
        if (type == UUID.class) {
            return "uuid";
        }
        if (type == BigDecimal.class) {
            return "numeric";
        }
        if (type == Integer.class) {
            return "int4";
        }
        if (type == Boolean.class) {
            return "bool";
        }
        return "text";
    }

    private static String arrayType(FieldDef field) {
        Class<?> type = field.type();
        if (type == LocalDate.class) {
            return "date[]";
        }
        if (type == Instant.class) {
            return "timestamptz[]";
        }
        return field.isList() ? "text[]" : elementType(field) + "[]";
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Writes new values and bumps the version; the caller has decided the row changed. */
    public void update(EntityType type, List<StoredRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        String assignments = type.fields().stream().map(f -> column(f) + " = ?").collect(Collectors.joining(", "));
        String sql = "update " + type.key() + " set " + assignments
                + ", content_hash = ?, source_modified_at = ?, archived_at = ?, version = version + 1, updated_at = now() where id = ?";
        jdbc.batchUpdate(sql, records, records.size(), (ps, record) -> {
            int i = bindFields(ps, 1, type, record.fields());
            i = bindBookkeeping(ps, i, record);
            ps.setObject(i, record.id());
        });
    }

    public long count(EntityType type) {
        return jdbc.queryForObject("select count(*) from " + type.key(), Long.class);
    }

    private static int bindFields(PreparedStatement ps, int index, EntityType type, Map<String, Object> fields) throws SQLException {
        for (FieldDef field : type.fields()) {
            bind(ps, index++, field, fields.get(field.name()));
        }
        return index;
    }

    private static int bindBookkeeping(PreparedStatement ps, int index, StoredRecord record) throws SQLException {
        ps.setString(index++, record.contentHash());
        ps.setTimestamp(index++, record.sourceModifiedAt() == null ? null : Timestamp.from(record.sourceModifiedAt()));
        ps.setTimestamp(index++, record.archivedAt() == null ? null : Timestamp.from(record.archivedAt()));
        return index;
    }

    private static void bind(PreparedStatement ps, int index, FieldDef field, Object value) throws SQLException {
        if (field.isList()) {
            List<?> list = value == null ? List.of() : (List<?>) value;
            ps.setArray(index, ps.getConnection().createArrayOf("text", list.toArray()));
        } else if (value == null) {
            ps.setNull(index, sqlType(field));
        } else if (value instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else if (value instanceof Instant instant) {
            ps.setTimestamp(index, Timestamp.from(instant));
        } else {
            ps.setObject(index, value);
        }
    }

    private static int sqlType(FieldDef field) {
        Class<?> type = field.type();
        if (type == UUID.class) {
            return Types.OTHER;
        }
        if (type == BigDecimal.class) {
            return Types.NUMERIC;
        }
        if (type == Integer.class) {
            return Types.INTEGER;
        }
        if (type == Boolean.class) {
            return Types.BOOLEAN;
        }
        if (type == LocalDate.class) {
            return Types.DATE;
        }
        if (type == Instant.class) {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        }
        return Types.VARCHAR;
    }

    private static StoredRecord read(EntityType type, ResultSet rs) throws SQLException {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldDef field : type.fields()) {
            fields.put(field.name(), readField(field, rs, column(field)));
        }
        Timestamp modified = rs.getTimestamp("source_modified_at");
        Timestamp archived = rs.getTimestamp("archived_at");
        return new StoredRecord(rs.getObject("id", UUID.class), fields, rs.getString("content_hash"),
                modified == null ? null : modified.toInstant(), rs.getLong("version"), archived == null ? null : archived.toInstant());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readField(FieldDef field, ResultSet rs, String column) throws SQLException {
        Class<?> type = field.type();
        if (field.isList()) {
            Array array = rs.getArray(column);
            return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(Object::toString).toList();
        }
        if (type.isEnum()) {
            String name = rs.getString(column);
            return name == null ? null : Enum.valueOf((Class<Enum>) type, name);
        }
        if (type == Instant.class) {
            Timestamp ts = rs.getTimestamp(column);
            return ts == null ? null : ts.toInstant();
        }
        if (type == String.class) {
            String text = rs.getString(column);
            return text == null ? null : text.strip();
        }
        return rs.getObject(column, type);
    }

    private static String columns(EntityType type) {
        return type.fields().stream().map(CanonicalRepository::column).collect(Collectors.joining(", "));
    }

    static String column(FieldDef field) {
        return field.column();
    }
}
