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
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The cross-reference of external ids: unique per (connector, entity type, external id). */
@Repository
public class ExternalRefRepository {

    private static final String SELECT = "select connector, entity_type, external_id, entity_id, source_modified_at, last_seen_hash, last_written_hash, written_hashes from external_ref ";

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
        // One index probe per id (a LATERAL subquery with LIMIT 1 is never flattened into a join).
        // "external_id = any(?)" over thousands of ids made PostgreSQL scan the whole table once per
        // page when its statistics lagged behind a bulk load: quadratic. Probing stays linear.
        jdbc.query("""
                select r.* from unnest(?::text[]) as wanted(external_id) cross join lateral (
                    select connector, entity_type, external_id, entity_id, source_modified_at, last_seen_hash, last_written_hash, written_hashes
                      from external_ref where connector = ? and entity_type = ? and external_id = wanted.external_id limit 1) r
                """, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", externalIds.toArray()));
            ps.setString(2, connector);
            ps.setString(3, type.name());
        }, rs -> {
            ExternalRef ref = read(rs);
            found.put(ref.externalId(), ref);
        });
        return found;
    }

    /**
     * Serializes ingest of one source (connector and entity) until the transaction ends, across
     * instances (a transaction-scoped advisory lock in the two-key space, apart from the one-key
     * locks of registration decisions).
     */
    public void lockSource(String connector, EntityType type) {
        jdbc.query("select pg_advisory_xact_lock(hashtext(?), hashtext(?))", rs -> null, connector, type.name());
    }

    public Optional<ExternalRef> findByEntity(String connector, EntityType type, UUID entityId) {
        return jdbc.query(SELECT + "where connector = ? and entity_type = ? and entity_id = ?",
                rs -> rs.next() ? Optional.of(read(rs)) : Optional.empty(), connector, type.name(), entityId);
    }

    /** The external ids in {@code connector} of canonical records, by canonical id, for those that have one. */
    public Map<UUID, String> findExternalIds(String connector, EntityType type, Collection<UUID> entityIds) {
        if (entityIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> found = new HashMap<>();
        jdbc.query("""
                select r.entity_id, r.external_id from unnest(?::uuid[]) as wanted(entity_id) cross join lateral (
                    select entity_id, external_id from external_ref
                     where entity_id = wanted.entity_id and connector = ? and entity_type = ? limit 1) r
                """, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", entityIds.toArray()));
            ps.setString(2, connector);
            ps.setString(3, type.name());
        }, rs -> {
            found.put(rs.getObject(1, UUID.class), rs.getString(2));
        });
        return found;
    }

    /**
     * Inserts or updates by (connector, entity type, external id); replaying it changes nothing.
     * One statement for the whole list (arrays unnested server-side): a page of 2,000 refs is one
     * round trip instead of a batch of 2,000 statements. External ids must be distinct per
     * (connector, entity type) within one call.
     *
     * @param change whether the refs stand for a change the connector sent (which forgets the list
     *     of our writes there) rather than our own write read back
     */
    public void upsert(List<ExternalRef> refs, boolean change) {
        if (refs.isEmpty()) {
            return;
        }
        int changed = jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    insert into external_ref (connector, entity_type, external_id, entity_id, source_modified_at, last_seen_hash, last_written_hash)
                    select * from unnest(?::text[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[], ?::text[], ?::text[])
                    on conflict (external_id, connector, entity_type) do update
                       set source_modified_at = excluded.source_modified_at, last_seen_hash = excluded.last_seen_hash,
                           written_hashes = case when ? then '{}' else external_ref.written_hashes end
                     where external_ref.entity_id = excluded.entity_id
                    """);
            ps.setArray(1, con.createArrayOf("text", refs.stream().map(ExternalRef::connector).toArray()));
            ps.setArray(2, con.createArrayOf("text", refs.stream().map(r -> r.entityType().name()).toArray()));
            ps.setArray(3, con.createArrayOf("text", refs.stream().map(ExternalRef::externalId).toArray()));
            ps.setArray(4, con.createArrayOf("uuid", refs.stream().map(ExternalRef::entityId).toArray()));
            ps.setArray(5, con.createArrayOf("text", refs.stream().map(r -> r.sourceModifiedAt() == null ? null : r.sourceModifiedAt().toString()).toArray()));
            ps.setArray(6, con.createArrayOf("text", refs.stream().map(ExternalRef::lastSeenHash).toArray()));
            ps.setArray(7, con.createArrayOf("text", refs.stream().map(ExternalRef::lastWrittenHash).toArray()));
            ps.setBoolean(8, change);
            return ps;
        });
        if (changed != refs.size()) {
            // a CRM record already linked to another canonical record: never link it twice
            ExternalRef first = refs.get(0);
            Map<String, ExternalRef> linked = find(first.connector(), first.entityType(), refs.stream().map(ExternalRef::externalId).toList());
            String which = refs.stream().filter(r -> linked.containsKey(r.externalId()) && !linked.get(r.externalId()).entityId().equals(r.entityId()))
                    .limit(3).map(r -> r.externalId() + " (linked to " + linked.get(r.externalId()).entityId() + ", not " + r.entityId() + ")")
                    .collect(Collectors.joining(", "));
            throw new IllegalStateException((refs.size() - changed) + " of " + refs.size() + " records of " + first.connector()
                    + " are already linked to other canonical records: " + which + "; the page is not applied");
        }
    }

    /**
     * Records that we wrote {@code entityId} to {@code connector} as {@code externalId} with content
     * {@code writtenHash}, so the same content coming back is recognized as our own echo. Called by
     * the outbox relay after the CRM confirmed the write, before the entry is cleared: every version
     * the entry sent is kept among the ref's written hashes (the last 8).
     */
    public void recordWrite(String connector, EntityType type, String externalId, UUID entityId, String writtenHash) {
        jdbc.update("""
                insert into external_ref (connector, entity_type, external_id, entity_id, last_written_hash, last_written_at, written_hashes)
                values (?, ?, ?, ?, ?, now(), partnersync_keep_last(coalesce((select sent_fingerprints from outbox
                        where target_connector = ? and entity_id = ? and entity_type = ?), '{}') || ?::text, 8))
                on conflict (external_id, connector, entity_type) do update
                   set last_written_hash = excluded.last_written_hash, last_written_at = now(),
                       written_hashes = partnersync_keep_last(external_ref.written_hashes || excluded.written_hashes, 8)
                 where external_ref.entity_id = excluded.entity_id
                """, connector, type.name(), externalId, entityId, writtenHash, connector, entityId, type.name(), writtenHash);
    }

    /** One confirmed write for {@link #recordWrites}: the CRM's id of the record, the canonical record, the fingerprint written. */
    public record Write(String externalId, UUID entityId, String writtenHash) {
    }

    /**
     * {@link #recordWrite} for a whole batch the CRM confirmed, in one statement. A CRM id given
     * twice keeps the last (one statement may not change a row twice).
     */
    public void recordWrites(String connector, EntityType type, List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Map<String, Write> distinct = new java.util.LinkedHashMap<>();
        writes.forEach(w -> distinct.put(w.externalId(), w));
        List<Write> rows = List.copyOf(distinct.values());
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    insert into external_ref (connector, entity_type, external_id, entity_id, last_written_hash, last_written_at, written_hashes)
                    select ?, ?, s.external_id, s.entity_id, s.hash, now(),
                           partnersync_keep_last(coalesce((select o.sent_fingerprints from outbox o
                                 where o.target_connector = ? and o.entity_id = s.entity_id and o.entity_type = ?), '{}') || s.hash, 8)
                      from unnest(?::text[], ?::uuid[], ?::text[]) as s(external_id, entity_id, hash)
                    on conflict (external_id, connector, entity_type) do update
                       set last_written_hash = excluded.last_written_hash, last_written_at = now(),
                           written_hashes = partnersync_keep_last(external_ref.written_hashes || excluded.written_hashes, 8)
                     where external_ref.entity_id = excluded.entity_id
                    """);
            ps.setString(1, connector);
            ps.setString(2, type.name());
            ps.setString(3, connector);
            ps.setString(4, type.name());
            ps.setArray(5, con.createArrayOf("text", rows.stream().map(Write::externalId).toArray()));
            ps.setArray(6, con.createArrayOf("uuid", rows.stream().map(Write::entityId).toArray()));
            ps.setArray(7, con.createArrayOf("text", rows.stream().map(Write::writtenHash).toArray()));
            return ps;
        });
    }

    private static ExternalRef read(ResultSet rs) throws SQLException {
        Timestamp modified = rs.getTimestamp("source_modified_at");
        return new ExternalRef(rs.getString("connector"), EntityType.valueOf(rs.getString("entity_type")), rs.getString("external_id"),
                rs.getObject("entity_id", UUID.class), modified == null ? null : modified.toInstant(),
                rs.getString("last_seen_hash"), rs.getString("last_written_hash"),
                rs.getArray("written_hashes") == null ? List.of() : List.of((String[]) rs.getArray("written_hashes").getArray()));
    }
}
