package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import java.time.Instant;

/** Sync checkpoints per (connector, entity), saved in the transaction of the page they cover. */
@Repository
public class CheckpointRepository {

    private final JdbcTemplate jdbc;

    public CheckpointRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Checkpoint> find(String connector, EntityType type) {
        return jdbc.query("select cursor_ts, cursor_id, watermark, chain_started_at from sync_checkpoint where connector = ? and entity_type = ?",
                rs -> rs.next() ? Optional.of(new Checkpoint(instant(rs.getTimestamp(1)), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)))) : Optional.empty(),
                connector, type.name());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** Where a change stream stands (a Change Data Capture replay id, a Dataverse delta link) and when it was saved, if anywhere. */
    public Optional<ReplayPosition> findReplay(String connector, EntityType type) {
        return jdbc.query("select replay_id, replay_saved_at from sync_checkpoint where connector = ? and entity_type = ? and replay_id is not null",
                rs -> rs.next() ? Optional.of(new ReplayPosition(rs.getString(1), rs.getTimestamp(2).toInstant())) : Optional.empty(),
                connector, type.name());
    }

    /** Saves a change stream's place; call it only after the changes before it are committed. Leaves the polling cursor alone. */
    public void saveReplay(String connector, EntityType type, String replayId) {
        jdbc.update("""
                insert into sync_checkpoint (connector, entity_type, replay_id, replay_saved_at) values (?, ?, ?, now())
                on conflict (connector, entity_type) do update set replay_id = excluded.replay_id, replay_saved_at = now(), updated_at = now()
                """, connector, type.name(), replayId);
    }

    /** @param savedAt when it was saved: a CRM keeps its change events for a limited time (72 hours for some) */
    public record ReplayPosition(String replayId, Instant savedAt) {
    }

    public void save(String connector, EntityType type, Checkpoint checkpoint) {
        jdbc.update("""
                insert into sync_checkpoint (connector, entity_type, cursor_ts, cursor_id, watermark, chain_started_at) values (?, ?, ?, ?, ?, ?)
                on conflict (connector, entity_type) do update
                   set cursor_ts = excluded.cursor_ts, cursor_id = excluded.cursor_id, watermark = excluded.watermark,
                       chain_started_at = excluded.chain_started_at, updated_at = now()
                """, connector, type.name(), timestamp(checkpoint.cursorTimestamp()), checkpoint.cursorId(),
                timestamp(checkpoint.watermark()), timestamp(checkpoint.chainStartedAt()));
    }
}
