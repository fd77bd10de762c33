package io.partnersync.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Connectors an operator paused ({@code connector_pause}): no polls, no writes, webhooks answered
 * 503 (the CRM delivers them again later), until resumed. In PostgreSQL, so a pause holds across
 * restarts and on every instance; read at most once a second per connector.
 */
@Repository
public class ConnectorPauseRepository {

    /** @param reason may be {@code null} */
    public record Pause(String connector, Instant since, String by, String reason) {
    }

    private final JdbcTemplate jdbc;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Pause> pause, long readAt) {
    }

    ConnectorPauseRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void pause(String connector, String by, String reason) {
        jdbc.update("insert into connector_pause (connector, paused_by, reason) values (?, ?, ?) on conflict (connector) do update"
                + " set paused_at = now(), paused_by = excluded.paused_by, reason = excluded.reason", connector, by, reason);
        cache.remove(connector);
    }

    /** @return whether it was paused */
    public boolean resume(String connector) {
        int removed = jdbc.update("delete from connector_pause where connector = ?", connector);
        cache.remove(connector);
        return removed > 0;
    }

    public Optional<Pause> find(String connector) {
        long now = System.nanoTime();
        Cached cached = cache.get(connector);
        if (cached == null || now - cached.readAt() > 1_000_000_000L) {
            Optional<Pause> pause = jdbc.query("select connector, paused_at, paused_by, reason from connector_pause where connector = ?",
                    (rs, n) -> new Pause(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)), connector)
                    .stream().findFirst();
            cached = new Cached(pause, now);
            cache.put(connector, cached);
        }
        return cached.pause();
    }

    public boolean isPaused(String connector) {
        return find(connector).isPresent();
    }
}
