package io.partnersync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import java.sql.Timestamp;

/**
 * Records moved per connector, entity and direction in 5-minute buckets ({@code sync_activity}),
 * and when each last succeeded ({@code sync_last_success}). In PostgreSQL, so the figures are the
 * same on every instance and survive a restart. Each call is its own short statement, outside the
 * ingest transaction.
 */
@Repository
public class SyncActivityRepository {

    public enum Direction { INBOUND, OUTBOUND }

    /**
     * @param lastSuccess {@code null} while it never succeeded
     */
    public record Activity(String connector, String entityType, Direction direction, long lastHour, long lastDay, Instant lastSuccess) {
    }

    private final JdbcTemplate jdbc;

    SyncActivityRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void moved(String connector, String entityType, Direction direction, long records) {
        if (records <= 0) {
            return;
        }
        jdbc.update("""
                insert into sync_activity (connector, entity_type, direction, bucket, records)
                values (?, ?, ?, date_bin('5 minutes', now(), timestamptz '2000-01-01'), ?)
                on conflict (connector, entity_type, direction, bucket) do update set records = sync_activity.records + excluded.records
                """, connector, entityType, direction.name(), records);
    }

    public void succeeded(String connector, String entityType, Direction direction) {
        jdbc.update("""
                insert into sync_last_success (connector, entity_type, direction, succeeded_at) values (?, ?, ?, now())
                on conflict (connector, entity_type, direction) do update set succeeded_at = excluded.succeeded_at
                """, connector, entityType, direction.name());
    }

    /** Every connector's figures, keyed by connector, then entity type, then direction. */
    public Map<String, Map<String, Map<Direction, Activity>>> summary() {
        Map<String, Map<String, Map<Direction, Activity>>> all = new HashMap<>();
        jdbc.query("""
                select coalesce(a.connector, s.connector), coalesce(a.entity_type, s.entity_type), coalesce(a.direction, s.direction),
                       coalesce(a.last_hour, 0), coalesce(a.last_day, 0), s.succeeded_at
                  from (select connector, entity_type, direction,
                               sum(records) filter (where bucket >= now() - interval '1 hour') as last_hour, sum(records) as last_day
                          from sync_activity where bucket >= now() - interval '1 day' group by 1, 2, 3) a
                  full join sync_last_success s using (connector, entity_type, direction)
                """, rs -> {
            Activity activity = new Activity(rs.getString(1), rs.getString(2), Direction.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(5),
                    rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant());
            all.computeIfAbsent(activity.connector(), c -> new HashMap<>()).computeIfAbsent(activity.entityType(), e -> new HashMap<>())
                    .put(activity.direction(), activity);
        });
        return all;
    }

    /** Age of the oldest change waiting per entity type of a connector. */
    public Map<String, Duration> oldestWaiting(String connector) {
        Map<String, Duration> ages = new HashMap<>();
        jdbc.query("select entity_type, extract(epoch from now() - min(queued_at)) from outbox where target_connector = ? and status = 'PENDING'"
                        + " group by entity_type",
                rs -> {
                    ages.put(rs.getString(1), Duration.ofMillis((long) (rs.getDouble(2) * 1000)));
                }, connector);
        return ages;
    }

    /** Seconds the oldest waiting change of a connector has waited; 0 when none waits. */
    public double oldestWaitingSeconds(String connector) {
        Double seconds = jdbc.queryForObject("select extract(epoch from now() - min(queued_at)) from outbox where target_connector = ? and status = 'PENDING'",
                Double.class, connector);
        return seconds == null ? 0 : seconds;
    }

    /** Deletes the buckets older than {@code before}; returns how many. */
    public int forgetBefore(Instant before) {
        return jdbc.update("delete from sync_activity where bucket < ?", Timestamp.from(before));
    }
}
