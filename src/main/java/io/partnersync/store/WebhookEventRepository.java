package io.partnersync.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Webhook events taken in, by the CRM's event id per connector. An event is recorded only once
 * its records are ingested (or kept as failures): call {@link #record} in the ingest's
 * transaction, so an event whose read or ingest failed is processed again when redelivered.
 */
@Repository
public class WebhookEventRepository {

    private final JdbcTemplate jdbc;

    public WebhookEventRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The ones among {@code eventIds} already taken in. */
    public Set<String> taken(String connector, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query("select event_id from webhook_event where connector = ? and event_id = any(?)",
                ps -> {
                    ps.setString(1, connector);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", eventIds.toArray()));
                },
                (rs, row) -> rs.getString(1)));
    }

    /** Records events as taken in; returns how many were new (a concurrent delivery may have recorded some already). */
    public int record(String connector, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return 0;
        }
        return jdbc.update("insert into webhook_event (connector, event_id) select ?::text, unnest(?::text[]) on conflict do nothing",
                ps -> {
                    ps.setString(1, connector);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", eventIds.toArray()));
                });
    }

    /** Forgets the events taken in before {@code before} (CRMs redeliver for a day or so at most); returns how many. */
    public int forgetBefore(Instant before) {
        return jdbc.update("delete from webhook_event where received_at < ?", Timestamp.from(before));
    }
}
