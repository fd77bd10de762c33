package io.partnersync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The partners' connections kept in the store ({@code connection}). Every change takes the next
 * {@code version}, so {@link #version()} tells an instance cheaply whether its list is stale.
 * Removing keeps the row (its history and audit); adding a removed name again brings it back.
 */
@Repository
public class ConnectionRepository {

    /**
     * One connection as stored.
     *
     * @param definition its settings as JSON, with kebab-case keys as in the configuration file
     * @param credentials its secrets encrypted (see the migration), or {@code null}
     * @param removedAt {@code null} while it is live
     */
    public record StoredConnection(String name, String kind, String partner, String definition, String credentials, long version,
                                   Instant createdAt, String createdBy, Instant updatedAt, String updatedBy, Instant removedAt) {
        public boolean removed() {
            return removedAt != null;
        }
    }

    private final JdbcTemplate jdbc;

    ConnectionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The highest version of any change so far (0 before the first): when it moves, the list changed. */
    public long version() {
        Long version = jdbc.queryForObject("select coalesce(max(version), 0) from connection", Long.class);
        return version == null ? 0 : version;
    }

    /** The live connections, by name. */
    public List<StoredConnection> live() {
        return jdbc.query("select * from connection where removed_at is null order by name", this::row);
    }

    /** Every connection, removed ones too, by name. */
    public List<StoredConnection> all() {
        return jdbc.query("select * from connection order by name", this::row);
    }

    public Optional<StoredConnection> find(String name) {
        return jdbc.query("select * from connection where name = ?", this::row, name).stream().findFirst();
    }

    /**
     * Adds a connection, or brings back a removed one of the same name with the new settings.
     *
     * @return false when a live connection has the name already (nothing changed)
     */
    public boolean add(String name, String kind, String partner, String definition, String credentials, String by) {
        return jdbc.update("""
                insert into connection (name, kind, partner, definition, credentials, created_by, updated_by)
                values (?, ?, ?, ?::jsonb, ?, ?, ?)
                on conflict (name) do update set kind = excluded.kind, partner = excluded.partner, definition = excluded.definition,
                       credentials = excluded.credentials, version = nextval('connection_version'), created_at = now(),
                       created_by = excluded.created_by, updated_at = now(), updated_by = excluded.updated_by, removed_at = null
                 where connection.removed_at is not null
                """, name, kind, partner, definition, credentials, by, by) == 1;
    }

    /** @return false when there is no live connection of that name */
    public boolean change(String name, String kind, String partner, String definition, String credentials, String by) {
        return jdbc.update("""
                update connection set kind = ?, partner = ?, definition = ?::jsonb, credentials = ?, version = nextval('connection_version'),
                       updated_at = now(), updated_by = ?
                 where name = ? and removed_at is null
                """, kind, partner, definition, credentials, by, name) == 1;
    }

    /** @return false when there is no live connection of that name */
    public boolean remove(String name, String by) {
        return jdbc.update("""
                update connection set removed_at = now(), version = nextval('connection_version'), updated_at = now(), updated_by = ?
                 where name = ? and removed_at is null
                """, by, name) == 1;
    }

    private StoredConnection row(ResultSet rs, int n) throws SQLException {
        return new StoredConnection(rs.getString("name"), rs.getString("kind"), rs.getString("partner"), rs.getString("definition"),
                rs.getString("credentials"), rs.getLong("version"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"),
                rs.getTimestamp("removed_at") == null ? null : rs.getTimestamp("removed_at").toInstant());
    }
}
