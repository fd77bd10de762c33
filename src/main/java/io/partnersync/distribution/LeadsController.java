package io.partnersync.distribution;

import io.partnersync.canonical.EntityType;
import io.partnersync.store.CanonicalRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import io.partnersync.store.AuditRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where a lead is, until when its partner may answer, and every assignment with its rule and reason. */
@RestController
@RequestMapping("/api/leads")
class LeadsController {

    private final CanonicalRepository canonical;
    private final LeadAssignments assignments;
    private final LeadDeadlines deadlines;
    private final AuditRepository audit;

    LeadsController(CanonicalRepository canonical, LeadAssignments assignments, LeadDeadlines deadlines, AuditRepository audit) {
        this.canonical = canonical;
        this.assignments = assignments;
        this.deadlines = deadlines;
        this.audit = audit;
    }

    @GetMapping("/{leadId}")
    ResponseEntity<Map<String, Object>> get(@PathVariable UUID leadId) {
        return canonical.findById(EntityType.LEAD, leadId).map(row -> {
            Map<String, Object> lead = new LinkedHashMap<>();
            Object partnerId = row.fields().get("partnerId");
            lead.put("id", leadId);
            lead.put("status", row.fields().get("status"));
            lead.put("partnerId", partnerId);
            lead.put("partner", partnerId == null ? null : canonical.findPartnerKey((UUID) partnerId).orElse(null));
            lead.put("acceptBy", row.fields().get("acceptBy"));
            lead.put("reason", row.fields().get("distributionReason"));
            lead.put("assignments", assignments.history(leadId));
            lead.put("history", history(leadId));
            return ResponseEntity.ok(lead);
        }).orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND,
                "no lead with id " + leadId));
    }

    /** Runs the deadline check now instead of waiting for its schedule. */
    @PostMapping("/deadline-run")
    Map<String, Object> deadlinesNow() {
        return Map.of("expired", deadlines.expireDue());
    }

    private List<Map<String, Object>> history(UUID leadId) {
        return audit.historyWithRule(EntityType.LEAD, leadId);
    }
}
