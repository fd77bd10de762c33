package io.partnersync.distribution;

import io.partnersync.canonical.Partner.PartnerStatus;
import io.partnersync.canonical.Partner.PartnerTier;
import io.partnersync.distribution.policy.Candidate;
import io.partnersync.sync.spi.Effects;
import io.partnersync.sync.spi.RowWriter;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The assignments of leads to partners ({@code lead_assignment}) and each partner's counts ({@code lead_partner_stats}). */
@Repository
class LeadAssignments implements RowWriter<LeadAssignments.Row> {

    /** What the lead's step changes in the assignments, returned as effects. */
    sealed interface Row extends Effects.Row permits Opened, Closed {
    }

    /** A new open assignment. */
    record Opened(Assignment assignment) implements Row {
    }

    /** The open assignment answered or ended: {@code outcome} is ACCEPTED, REJECTED, EXPIRED or RECALLED. */
    record Closed(Assignment assignment, String outcome, Instant at) implements Row {
    }

    /** @param outcome {@code null} while the partner has not answered */
    record Assignment(UUID leadId, int attempt, UUID partnerId, Instant assignedAt, Instant acceptBy, String outcome, Instant outcomeAt,
                      String rule, String reason) {
    }

    private static final String COLUMNS = "lead_id, attempt, partner_id, assigned_at, accept_by, outcome, outcome_at, rule, reason";

    private final JdbcTemplate jdbc;

    LeadAssignments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Class<Row> type() {
        return Row.class;
    }

    @Override
    public void write(Row row) {
        if (row instanceof Opened opened) {
            insert(opened.assignment());
        } else if (row instanceof Closed closed) {
            close(closed.assignment(), closed.outcome(), closed.at());
        }
    }

    Optional<Assignment> open(UUID leadId) {
        return jdbc.query("select " + COLUMNS + " from lead_assignment where lead_id = ? and outcome is null", this::row, leadId).stream().findFirst();
    }

    List<Assignment> history(UUID leadId) {
        return jdbc.query("select " + COLUMNS + " from lead_assignment where lead_id = ? order by attempt", this::row, leadId);
    }

    /** Open assignments whose time to answer ended before {@code now}, oldest first. */
    List<Assignment> due(Instant now, int limit) {
        return jdbc.query("select " + COLUMNS + " from lead_assignment where outcome is null and accept_by < ? order by accept_by limit ?",
                this::row, Timestamp.from(now), limit);
    }

    private void insert(Assignment a) {
        jdbc.update("insert into lead_assignment (" + COLUMNS + ") values (?, ?, ?, ?, ?, null, null, ?, ?)", a.leadId(), a.attempt(), a.partnerId(),
                Timestamp.from(a.assignedAt()), Timestamp.from(a.acceptBy()), a.rule(), a.reason());
        jdbc.update("insert into lead_partner_stats (partner_id, assigned, open_leads) values (?, 1, 1) on conflict (partner_id) do update"
                + " set assigned = lead_partner_stats.assigned + 1, open_leads = lead_partner_stats.open_leads + 1", a.partnerId());
    }

    /** Closes the open assignment with {@code outcome} (ACCEPTED, REJECTED, EXPIRED, RECALLED) and counts it for the partner. */
    private void close(Assignment a, String outcome, Instant at) {
        int closed = jdbc.update("update lead_assignment set outcome = ?, outcome_at = ? where lead_id = ? and attempt = ? and outcome is null",
                outcome, Timestamp.from(at), a.leadId(), a.attempt());
        if (closed == 0) {
            return;
        }
        jdbc.update("update lead_partner_stats set open_leads = greatest(open_leads - 1, 0) where partner_id = ?", a.partnerId());
        String counter = switch (outcome) {
            case "ACCEPTED" -> "accepted";
            case "REJECTED" -> "rejected";
            case "EXPIRED" -> "expired";
            default -> null;
        };
        if (counter != null) {
            jdbc.update("update lead_partner_stats set " + counter + " = " + counter + " + 1 where partner_id = ?", a.partnerId());
        }
    }

    Set<UUID> partnersHad(UUID leadId) {
        return new HashSet<>(jdbc.queryForList("select partner_id from lead_assignment where lead_id = ?", UUID.class, leadId));
    }

    /**
     * The active partners that may cover a lead in {@code territoryKeys} (country, country-region,
     * postal prefixes; found through the territories' GIN index), with their open leads and counts.
     */
    List<Candidate> candidates(Collection<String> territoryKeys) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    select p.id, p.key, p.name, p.tier, p.status, p.territories, p.specializations, p.capacity,
                           coalesce(s.assigned, 0) as assigned, coalesce(s.accepted, 0) as accepted, coalesce(s.open_leads, 0) as open_leads
                      from partner p left join lead_partner_stats s on s.partner_id = p.id
                     where p.archived_at is null and p.status = 'ACTIVE' and p.territories && ?::text[]
                    """);
            ps.setArray(1, con.createArrayOf("text", territoryKeys.toArray()));
            return ps;
        }, (rs, n) -> new Candidate(rs.getObject("id", UUID.class), rs.getString("key"), rs.getString("name"),
                rs.getString("tier") == null ? null : PartnerTier.valueOf(rs.getString("tier")), PartnerStatus.valueOf(rs.getString("status")),
                list(rs.getArray("territories")), list(rs.getArray("specializations")), (Integer) rs.getObject("capacity"),
                rs.getInt("open_leads"), rs.getLong("assigned"), rs.getLong("accepted")));
    }

    private static List<String> list(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(Object::toString).toList();
    }

    private Assignment row(ResultSet rs, int n) throws SQLException {
        Timestamp outcomeAt = rs.getTimestamp("outcome_at");
        return new Assignment(rs.getObject("lead_id", UUID.class), rs.getInt("attempt"), rs.getObject("partner_id", UUID.class),
                rs.getTimestamp("assigned_at").toInstant(), rs.getTimestamp("accept_by").toInstant(), rs.getString("outcome"),
                outcomeAt == null ? null : outcomeAt.toInstant(), rs.getString("rule"), rs.getString("reason"));
    }
}
