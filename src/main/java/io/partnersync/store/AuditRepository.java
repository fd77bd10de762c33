package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The audit trail: who or which rule did what to which record, and why. Append-only. */
@Repository
public class AuditRepository {

    private final JdbcTemplate jdbc;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public AuditRepository(JdbcTemplate jdbc, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * A decision, with the stable id of the rule that made it under {@code detail.rule}.
     *
     * @param detail JSON-ready values (the decision's inputs and outcome)
     */
    public void appendDecision(String actor, EntityType type, UUID entityId, String action, String reason, String rule,
                               java.util.Map<String, Object> detail) {
        java.util.Map<String, Object> withRule = new java.util.LinkedHashMap<>(detail);
        withRule.put("rule", rule);
        try {
            append(actor, type, entityId, action, reason, json.writeValueAsString(withRule));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
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
    public List<Map<String, Object>> search(UUID entityId, String actor, String action, String rule, java.time.Instant from, java.time.Instant to,
                                            int limit) {
        StringBuilder sql = new StringBuilder("select id, at, actor, entity_type, entity_id, action, reason, detail->>'rule' as rule, detail::text as detail"
                + " from audit_event where true");
        List<Object> args = new java.util.ArrayList<>();
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
            args.add(java.sql.Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and at < ?");
            args.add(java.sql.Timestamp.from(to));
        }
        sql.append(" order by id desc limit ?");
        args.add(Math.min(Math.max(limit, 1), 1000));
        return jdbc.queryForList(sql.toString(), args.toArray());
    }

    /** A record's events, oldest first, each with its detail as JSON text. */
    public List<Map<String, Object>> historyWithDetail(EntityType type, UUID entityId) {
        return jdbc.queryForList("select at, actor, action, reason, detail::text as detail from audit_event"
                + " where entity_type = ? and entity_id = ? order by id", type.name(), entityId);
    }

    /** A record's events, oldest first, each with the rule that decided it. */
    public List<Map<String, Object>> historyWithRule(EntityType type, UUID entityId) {
        return jdbc.queryForList("select at, actor, action, reason, detail->>'rule' as rule from audit_event"
                + " where entity_type = ? and entity_id = ? order by id", type.name(), entityId);
    }
}
