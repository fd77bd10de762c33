package io.partnersync.ops;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, searched by record, actor, action, rule and time; newest first. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final JdbcTemplate jdbc;

    AuditController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping
    List<Map<String, Object>> search(@RequestParam(required = false) UUID entityId, @RequestParam(required = false) String actor,
                                     @RequestParam(required = false) String action, @RequestParam(required = false) String rule,
                                     @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                     @RequestParam(defaultValue = "100") int limit) {
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
        return jdbc.queryForList(sql.toString(), args.toArray());
    }
}
