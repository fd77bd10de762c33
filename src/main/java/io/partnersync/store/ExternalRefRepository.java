package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The cross-reference of external ids: unique per (connector, entity type, external id). */
@Repository
public class ExternalRefRepository {

    private static final String SELECT = "select connector, entity_type, external_id, entity_id, source_modified_at, last_seen_hash, last_written_hash from external_ref ";

    private final JdbcTemplate jdbc;

    public ExternalRefRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** By external id, for those of {@code externalIds} that are known. */
    public Map<String, ExternalRef> find(String connector, EntityType type, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return Map.of();
        }
        Map<String, ExternalRef> found = new HashMap<>();
        jdbc.query(SELECT + "where connector = ? and entity_type = ? and external_id = any(?)", ps -> {
            ps.setString(1, connector);
            ps.setString(2, type.name());
            ps.setArray(3, ps.getConnection().createArrayOf("text", externalIds.toArray()));
        }, rs -> {
            ExternalRef ref = read(rs);
            found.put(ref.externalId(), ref);
        });
        return found;
    }

    public Optional<ExternalRef> findByEntity(String connector, EntityType type, UUID entityId) {
        return jdbc.query(SELECT + "where connector = ? and entity_type = ? and entity_id = ?",
                rs -> rs.next() ? Optional.of(read(rs)) : Optional.empty(), connector, type.name(), entityId);
    }

    /** Inserts or updates by (connector, entity type, external id); replaying it changes nothing. */
    public void upsert(List<ExternalRef> refs) {
        if (refs.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into external_ref (connector, entity_type, external_id, entity_id, source_modified_at, last_seen_hash, last_written_hash)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (connector, entity_type, external_id) do update
                   set source_modified_at = excluded.source_modified_at, last_seen_hash = excluded.last_seen_hash, updated_at = now()
                """, refs, refs.size(), (ps, ref) -> {
            ps.setString(1, ref.connector());
            ps.setString(2, ref.entityType().name());
            ps.setString(3, ref.externalId());
            ps.setObject(4, ref.entityId());
            ps.setTimestamp(5, ref.sourceModifiedAt() == null ? null : Timestamp.from(ref.sourceModifiedAt()));
            ps.setString(6, ref.lastSeenHash());
            ps.setString(7, ref.lastWrittenHash());
        });
    }

    /**
     * Records that we wrote {@code entityId} to {@code connector} as {@code externalId} with content
     * {@code writtenHash}, so the same content coming back is recognized as our own echo. Called by
     * the outbox relay after the CRM confirmed the write.
     */
    public void recordWrite(String connector, EntityType type, String externalId, UUID entityId, String writtenHash) {
        jdbc.update("""
                insert into external_ref (connector, entity_type, external_id, entity_id, last_written_hash, last_written_at)
                values (?, ?, ?, ?, ?, now())
                on conflict (connector, entity_type, external_id) do update
                   set last_written_hash = excluded.last_written_hash, last_written_at = now(), updated_at = now()
                """, connector, type.name(), externalId, entityId, writtenHash);
    }

    private static ExternalRef read(ResultSet rs) throws SQLException {
        Timestamp modified = rs.getTimestamp("source_modified_at");
        return new ExternalRef(rs.getString("connector"), EntityType.valueOf(rs.getString("entity_type")), rs.getString("external_id"),
                rs.getObject("entity_id", UUID.class), modified == null ? null : modified.toInstant(),
                rs.getString("last_seen_hash"), rs.getString("last_written_hash"));
    }
}
