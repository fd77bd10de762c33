package io.partnersync.store;

import io.partnersync.sync.spi.FailureCategory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters. One open failure per (connector, direction, entity type, external id): the same
 * record failing again counts an attempt and keeps the newest payload and reason, instead of
 * piling up rows.
 */
@Repository
public class SyncFailureRepository {

    private static final Logger log = LoggerFactory.getLogger(SyncFailureRepository.class);

    private final JdbcTemplate jdbc;

    public SyncFailureRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps the failure; a new one (not the same record failing again) gets one WARN line.
     *
     * @return whether it is new
     */
    public boolean record(String connector, SyncFailure.Direction direction, String entityType, String externalId,
                          String payload, FailureCategory category, String reason) {
        Boolean created = jdbc.queryForObject("""
                insert into sync_failure (connector, direction, entity_type, external_id, payload, category, reason)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (external_id, connector, direction, entity_type) where resolved_at is null do update
                   set payload = excluded.payload, category = excluded.category, reason = excluded.reason,
                       attempts = sync_failure.attempts + 1, last_seen_at = now()
                returning (xmax = 0)
                """, Boolean.class, connector, direction.name(), entityType, externalId == null ? "" : externalId, payload, category.name(), reason);
        boolean fresh = Boolean.TRUE.equals(created);
        if (fresh) {
            log.warn("New sync failure ({}): connector={} {} {} record={}: {}", category, connector, direction, entityType, externalId, reason);
        }
        return fresh;
    }

    /** Closes the open failures of records that have now gone through. */
    public int resolve(String connector, SyncFailure.Direction direction, String entityType, Collection<String> externalIds, String resolution) {
        if (externalIds.isEmpty()) {
            return 0;
        }
        return jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    update sync_failure set resolved_at = now(), resolution = ?
                     where connector = ? and direction = ? and entity_type = ? and external_id = any(?) and resolved_at is null
                    """);
            ps.setString(1, resolution);
            ps.setString(2, connector);
            ps.setString(3, direction.name());
            ps.setString(4, entityType);
            ps.setArray(5, con.createArrayOf("text", externalIds.toArray()));
            return ps;
        });
    }

    public long countOpen(String connector) {
        return jdbc.queryForObject("select count(*) from sync_failure where connector = ? and resolved_at is null", Long.class, connector);
    }

    /**
     * Open inbound REFERENCE failures due for another try, oldest first: one seen again waits 15 s
     * times its attempts, at most 5 minutes.
     */
    public List<SyncFailure> dueReferenceFailures(int limit) {
        return jdbc.query("""
                select * from sync_failure
                 where resolved_at is null and direction = 'INBOUND' and category = 'REFERENCE' and payload is not null
                   and last_seen_at <= now() - least(attempts * 15, 300) * interval '1 second'
                 order by last_seen_at limit ?
                """, (rs, n) -> read(rs), limit);
    }

    /** Open inbound REFERENCE failures last seen before {@code before}, whatever their backoff, oldest first. */
    public List<SyncFailure> referenceFailuresSeenBefore(java.time.Instant before, int limit) {
        return jdbc.query("""
                select * from sync_failure
                 where resolved_at is null and direction = 'INBOUND' and category = 'REFERENCE' and payload is not null
                   and last_seen_at < ?
                 order by last_seen_at limit ?
                """, (rs, n) -> read(rs), java.sql.Timestamp.from(before), limit);
    }

    public Optional<SyncFailure> find(long id) {
        return jdbc.query("select * from sync_failure where id = ?", rs -> rs.next() ? Optional.of(read(rs)) : Optional.empty(), id);
    }

    /** Open (or all) failures, newest first, optionally of one connector. */
    public List<SyncFailure> list(boolean openOnly, String connector, int limit) {
        return jdbc.query("""
                select * from sync_failure
                 where (not ? or resolved_at is null) and (?::text is null or connector = ?)
                 order by last_seen_at desc, id desc limit ?
                """, (rs, n) -> read(rs), openOnly, connector, connector, limit);
    }

    /** The open failures of a connector's polls, relay batches and webhook batches (external id "(poll)", ...), newest first. */
    public List<SyncFailure> openActivities(String connector) {
        return jdbc.query("select * from sync_failure where resolved_at is null and connector = ? and external_id like '(%)'"
                + " order by last_seen_at desc, id desc", (rs, n) -> read(rs), connector);
    }

    /** Open failures per connector and category, one query for all. */
    public Map<String, Map<FailureCategory, Long>> openByCategory() {
        Map<String, Map<FailureCategory, Long>> all = new TreeMap<>();
        jdbc.query("select connector, category, count(*) from sync_failure where resolved_at is null group by 1, 2", rs -> {
            all.computeIfAbsent(rs.getString(1), c -> new EnumMap<>(FailureCategory.class))
                    .put(FailureCategory.valueOf(rs.getString(2)), rs.getLong(3));
        });
        return all;
    }

    /**
     * Open (or all) failures by connector, entity, category and kind of reason: the reason with its
     * quoted values, ids and numbers masked, so "refers to partner '001A'" and "... '001B'" count as one.
     */
    public List<FailureGroup> groups(boolean openOnly) {
        return jdbc.query("select connector, entity_type as entity, category,"
                + " regexp_replace(reason, '''[^'']*''|[0-9a-fA-F-]{8,}|[0-9]+', '…', 'g') as reason,"
                + " count(*) as count, min(first_seen_at) as oldest, max(last_seen_at) as newest"
                + " from sync_failure where (not ? or resolved_at is null)"
                + " group by 1, 2, 3, 4 order by count(*) desc, 1, 2, 3",
                (rs, n) -> new FailureGroup(rs.getString("connector"), rs.getString("entity"), rs.getString("category"), rs.getString("reason"),
                        rs.getLong("count"), instant(rs.getTimestamp("oldest")), instant(rs.getTimestamp("newest"))), openOnly);
    }

    /** Failures alike (same connector, entity, category and reason with its ids and numbers left out), counted. */
    public record FailureGroup(String connector, String entity, String category, String reason, long count, Instant oldest, Instant newest) {
    }

    /** Closes an open failure by hand (the record was dealt with outside PartnerSync); returns whether it was open. */
    public boolean markResolved(long id, String resolution) {
        return jdbc.update("update sync_failure set resolved_at = now(), resolution = ? where id = ? and resolved_at is null", resolution, id) > 0;
    }

    private static SyncFailure read(ResultSet rs) throws SQLException {
        return new SyncFailure(rs.getLong("id"), rs.getString("connector"), SyncFailure.Direction.valueOf(rs.getString("direction")),
                rs.getString("entity_type"), rs.getString("external_id"), rs.getString("payload"),
                FailureCategory.valueOf(rs.getString("category")), rs.getString("reason"), rs.getInt("attempts"),
                instant(rs.getTimestamp("first_seen_at")), instant(rs.getTimestamp("last_seen_at")),
                instant(rs.getTimestamp("resolved_at")), rs.getString("resolution"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
