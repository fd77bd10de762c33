package io.partnersync.ops;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.partnersync.store.AuditRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, searched by record, actor, action, rule and time; newest first. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditRepository audit;

    AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    @GetMapping
    List<AuditRepository.AuditEvent> search(@RequestParam(required = false) UUID entityId, @RequestParam(required = false) String actor,
                                     @RequestParam(required = false) String action, @RequestParam(required = false) String rule,
                                     @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                     @RequestParam(defaultValue = "100") int limit) {
        return audit.search(entityId, actor, action, rule, from, to, limit);
    }
}
