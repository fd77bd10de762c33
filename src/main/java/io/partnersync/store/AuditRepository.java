package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The audit trail: who or which rule did what to which record, and why. Append-only. */
@Repository
public class AuditRepository {

    private final JdbcTemplate jdbc;

    public AuditRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
