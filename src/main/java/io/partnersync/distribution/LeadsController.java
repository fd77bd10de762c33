package io.partnersync.distribution;

import io.partnersync.canonical.Lead;
import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.EntityType;
import io.partnersync.store.CanonicalRepository;
import java.util.List;
import java.util.UUID;
import io.partnersync.store.AuditRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

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
    LeadView get(@PathVariable UUID leadId) {
        return canonical.findById(EntityType.LEAD, leadId).map(row -> {
            Lead lead = (Lead) CanonicalFields.fromMap(EntityType.LEAD, row.fields());
            return new LeadView(leadId, lead.status(), lead.partnerId(),
                    lead.partnerId() == null ? null : canonical.findPartnerKey(lead.partnerId()).orElse(null), lead.acceptBy(),
                    lead.distributionReason(), assignments.history(leadId), audit.historyWithRule(EntityType.LEAD, leadId));
        }).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no lead with id " + leadId));
    }

    /** Runs the deadline check now instead of waiting for its schedule. */
    @PostMapping("/deadline-run")
    Expired deadlinesNow() {
        return new Expired(deadlines.expireDue());
    }

    /** Where a lead is: its status, its partner (id and key), until when it may answer, why; every assignment and its audit history. */
    record LeadView(UUID id, Lead.LeadStatus status, UUID partnerId, String partner, Instant acceptBy, String reason,
                    List<LeadAssignments.Assignment> assignments, List<AuditRepository.RuledEvent> history) {
    }

    record Expired(int expired) {
    }
}
