package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Changes waiting to be delivered, per target connector. At most one pending entry per
 * (target, record): enqueueing again while one is pending replaces its payload, so a burst of
 * changes to one record becomes one write, and a replayed change never becomes a second one.
 */
@Repository
public class OutboxRepository {

    private final JdbcTemplate jdbc;

    public OutboxRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void enqueue(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into outbox (target_connector, entity_type, entity_id, operation, payload, content_hash)
                values (?, ?, ?, ?, ?::jsonb, ?)
                on conflict (target_connector, entity_type, entity_id) where status = 'PENDING' do update
                   set operation = excluded.operation, payload = excluded.payload, content_hash = excluded.content_hash,
                       updated_at = now()
                """, entries, entries.size(), (ps, entry) -> {
            ps.setString(1, entry.targetConnector());
            ps.setString(2, entry.entityType().name());
            ps.setObject(3, entry.entityId());
            ps.setString(4, entry.operation().name());
            ps.setString(5, entry.payload());
            ps.setString(6, entry.contentHash());
        });
    }

    /** Pending entries for a target whose next attempt is due, oldest first. */
    public List<OutboxEntry> due(String targetConnector, int limit) {
        return jdbc.query("""
                select id, target_connector, entity_type, entity_id, operation, payload::text as payload, content_hash, attempts
                  from outbox where target_connector = ? and status = 'PENDING' and next_attempt_at <= now()
                 order by id limit ?
                """, (rs, n) -> new OutboxEntry(rs.getLong("id"), rs.getString("target_connector"),
                EntityType.valueOf(rs.getString("entity_type")), rs.getObject("entity_id", java.util.UUID.class),
                OutboxEntry.Operation.valueOf(rs.getString("operation")), rs.getString("payload"), rs.getString("content_hash"),
                rs.getInt("attempts")), targetConnector, limit);
    }

    public long countPending(String targetConnector) {
        return jdbc.queryForObject("select count(*) from outbox where target_connector = ? and status = 'PENDING'", Long.class, targetConnector);
    }

    public void markDelivered(long id) {
        jdbc.update("update outbox set status = 'DELIVERED', attempts = attempts + 1, updated_at = now() where id = ?", id);
    }
}
