package io.partnersync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Invitations for partners to connect their CRM ({@code invitation}), found by the SHA-256 of their
 * link's token or of the consent's state. Each step is one conditional update, so two browsers (or
 * two instances) racing on one link see one winner.
 */
@Repository
public class InvitationRepository {

    /** One invitation as stored; timestamps are {@code null} until that step happened. */
    public record Invitation(long id, String partner, String kind, String connection, List<String> entities, String settings, String createdBy,
                             Instant createdAt, Instant expiresAt, Instant openedAt, Instant consentedAt, String identity,
                             Instant liveAt, Instant revokedAt) {

        /** Why the link no longer works at {@code now}, or {@code null} while it does. */
        public String spent(Instant now) {
            if (revokedAt != null) {
                return "this invitation was withdrawn";
            }
            if (liveAt != null) {
                return "this invitation was used already: the connection is live";
            }
            if (!now.isBefore(expiresAt)) {
                return "this invitation expired on " + expiresAt;
            }
            return null;
        }

        public String step() {
            return revokedAt != null ? "withdrawn" : liveAt != null ? "live" : consentedAt != null ? "consented" : openedAt != null ? "opened" : "invited";
        }
    }

    private final JdbcTemplate jdbc;

    InvitationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param settings the connection's settings as JSON (kebab-case keys) */
    public long add(String tokenSha256, String partner, String kind, String connection, List<String> entities, String settings, String createdBy,
                    Instant expiresAt) {
        Long id = jdbc.queryForObject("insert into invitation (token_sha256, partner, kind, connection, entities, settings, created_by, expires_at)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?, ?) returning id", Long.class, tokenSha256, partner, kind, connection, String.join(",", entities),
                settings, createdBy, Timestamp.from(expiresAt));
        return id == null ? 0 : id;
    }

    public Optional<Invitation> byToken(String tokenSha256) {
        return jdbc.query("select * from invitation where token_sha256 = ?", this::row, tokenSha256).stream().findFirst();
    }

    public Optional<Invitation> find(long id) {
        return jdbc.query("select * from invitation where id = ?", this::row, id).stream().findFirst();
    }

    public List<Invitation> all() {
        return jdbc.query("select * from invitation order by id desc limit 1000", this::row);
    }

    /** Marks it opened the first time; {@code true} only then. */
    public boolean opened(long id) {
        return jdbc.update("update invitation set opened_at = now() where id = ? and opened_at is null", id) == 1;
    }

    /** Starts a consent: the state the CRM will send back; {@code false} when the invitation was consented, used or withdrawn meanwhile. */
    public boolean consentStarted(long id, String stateSha256) {
        return jdbc.update("update invitation set state_sha256 = ? where id = ? and consented_at is null and live_at is null and revoked_at is null"
                + " and expires_at > now()", stateSha256, id) == 1;
    }

    /** The invitation whose consent is under way with this state, taken (the state is forgotten): a second answer with it finds none. */
    public Optional<Invitation> takeState(String stateSha256) {
        return jdbc.query("update invitation set state_sha256 = null where state_sha256 = ? and consented_at is null returning *", this::row,
                stateSha256).stream().findFirst();
    }

    /** Records the consent; {@code false} when another consent got there first. */
    public boolean consented(long id, String identity) {
        return jdbc.update("update invitation set consented_at = now(), identity = ? where id = ? and consented_at is null", identity, id) == 1;
    }

    /** The partners other than {@code partner} for which this CRM account was consented. */
    public List<String> otherPartners(String identity, String partner) {
        return jdbc.queryForList("select distinct partner from invitation where identity = ? and partner <> ? and revoked_at is null",
                String.class, identity, partner);
    }

    /** Uses the link up; {@code false} when it was live, withdrawn or not consented. */
    public boolean live(long id) {
        return jdbc.update("update invitation set live_at = now() where id = ? and consented_at is not null and live_at is null and revoked_at is null",
                id) == 1;
    }

    public boolean revoke(long id) {
        return jdbc.update("update invitation set revoked_at = now(), state_sha256 = null where id = ? and live_at is null and revoked_at is null",
                id) == 1;
    }

    private Invitation row(ResultSet rs, int n) throws SQLException {
        return new Invitation(rs.getLong("id"), rs.getString("partner"), rs.getString("kind"), rs.getString("connection"),
                Arrays.asList(rs.getString("entities").split(",")), rs.getString("settings"), rs.getString("created_by"), instant(rs, "created_at"),
                instant(rs, "expires_at"), instant(rs, "opened_at"), instant(rs, "consented_at"), rs.getString("identity"),
                instant(rs, "live_at"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
