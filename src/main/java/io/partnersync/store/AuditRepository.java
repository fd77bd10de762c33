package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/** The audit trail: who or which rule did what to which record, and why. Append-only. */
@Repository
public class AuditRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AuditRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * A decision, with the stable id of the rule that made it under {@code detail.rule}.
     *
     * @param detail JSON-ready values (the decision's inputs and outcome)
     */
    public void appendDecision(String actor, EntityType type, UUID entityId, String action, String reason, String rule,
                               Map<String, Object> detail) {
        Map<String, Object> withRule = new LinkedHashMap<>(detail);
        withRule.put("rule", rule);
        try {
            append(actor, type, entityId, action, reason, json.writeValueAsString(withRule));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit detail of " + action, e);
        }
    }

    /**
     * @param actor a connector name, a rule name or an operator
     * @param detailJson optional JSON with before/after values or the inputs of a decision
     */
    public void append(String actor, EntityType type, UUID entityId, String action, String reason, String detailJson) {
        jdbc.update("insert into audit_event (actor, entity_type, entity_id, action, reason, detail) values (?, ?, ?, ?, ?, ?::jsonb)",
                actor, type == null ? null : type.name(), entityId, action, reason, detailJson);
    }

    /**
     * The audit trail, newest first, by any of record, actor, action, rule and time ({@code null}
     * leaves a criterion out); at most {@code limit} events, 1 to 1,000.
     */
    public List<AuditEvent> search(UUID entityId, String actor, String action, String rule, Instant from, Instant to,
                                   int limit) {
        StringBuilder sql = new StringBuilder("select id, at, actor, entity_type, entity_id, action, reason, detail->>'rule' as rule, detail::text as detail"
                + " from audit_event where true");
        List<Object> args = new ArrayList<>();
        if (entityId != null) {
            sql.append(" and entity_id = ?");
            args.add(entityId);
        }
        if (actor != null) {
            sql.append(" and actor = ?");
            args.add(actor);
        }
        if (action != null) {
            sql.append(" and action = ?");
            args.add(action);
        }
        if (rule != null) {
            sql.append(" and detail->>'rule' = ?");
            args.add(rule);
        }
        if (from != null) {
            sql.append(" and at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and at < ?");
            args.add(Timestamp.from(to));
        }
        sql.append(" order by id desc limit ?");
        args.add(Math.min(Math.max(limit, 1), 1000));
        return jdbc.query(sql.toString(), (rs, n) -> new AuditEvent(rs.getLong("id"), instant(rs.getTimestamp("at")), rs.getString("actor"),
                rs.getString("entity_type"), rs.getObject("entity_id", UUID.class), rs.getString("action"), rs.getString("reason"),
                rs.getString("rule"), rs.getString("detail")), args.toArray());
    }

    /** One audit event as the trail shows it; {@code detail} is its JSON text. */
    public record AuditEvent(long id, Instant at, String actor, @JsonProperty("entity_type") String entityType,
                             @JsonProperty("entity_id") UUID entityId, String action, String reason, String rule, String detail) {
    }

    /** One event of a record's history, with its detail as JSON text. */
    public record DetailedEvent(Instant at, String actor, String action, String reason, String detail) {
    }

    /** One event of a record's history, with the rule that decided it. */
    public record RuledEvent(Instant at, String actor, String action, String reason, String rule) {
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A record's events, oldest first, each with its detail as JSON text. */
    public List<DetailedEvent> historyWithDetail(EntityType type, UUID entityId) {
        return jdbc.query("select at, actor, action, reason, detail::text as detail from audit_event"
                + " where entity_type = ? and entity_id = ? order by id", (rs, n) -> new DetailedEvent(instant(rs.getTimestamp("at")),
                rs.getString("actor"), rs.getString("action"), rs.getString("reason"), rs.getString("detail")), type.name(), entityId);
    }

    /** A record's events, oldest first, each with the rule that decided it. */
    public List<RuledEvent> historyWithRule(EntityType type, UUID entityId) {
        return jdbc.query("select at, actor, action, reason, detail->>'rule' as rule from audit_event"
                + " where entity_type = ? and entity_id = ? order by id", (rs, n) -> new RuledEvent(instant(rs.getTimestamp("at")),
                rs.getString("actor"), rs.getString("action"), rs.getString("reason"), rs.getString("rule")), type.name(), entityId);
    }
}
