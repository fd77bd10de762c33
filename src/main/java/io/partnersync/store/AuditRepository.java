package io.partnersync.store;

import io.partnersync.canonical.EntityType;
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
}
