package io.partnersync.distribution;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.Lead;
import io.partnersync.distribution.LeadAssignments.Assignment;
import io.partnersync.distribution.policy.DistributionRuleIds;
import io.partnersync.store.AuditRepository;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.store.NamedLocks;
import io.partnersync.store.OutboxEntry;
import io.partnersync.sync.IngestService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The partners' deadlines to answer: a db-scheduler recurring task in PostgreSQL ({@code
 * lead-deadlines}, every {@code deadline-check}), so it survives restarts and runs on one instance
 * at a time. The deadline itself is the assignment's {@code accept_by}: whatever was down when it
 * passed, the next run finds it. Each expiry is one transaction under the lead's lock: the
 * assignment closes as EXPIRED, the lead is withdrawn from that partner's CRM and given to the
 * next eligible partner (or back to the vendor's queue), and every CRM is told.
 */
@Configuration
class LeadDeadlines {

    private static final Logger log = LoggerFactory.getLogger(LeadDeadlines.class);
    private static final int BATCH = 500;

    private final DistributionService service;
    private final LeadAssignments assignments;
    private final CanonicalRepository canonical;
    private final NamedLocks locks;
    private final IngestService ingest;
    private final AuditRepository audit;
    private final TransactionTemplate transactions;

    LeadDeadlines(DistributionService service, LeadAssignments assignments, CanonicalRepository canonical, NamedLocks locks, IngestService ingest,
                  AuditRepository audit, TransactionTemplate transactions) {
        this.service = service;
        this.assignments = assignments;
        this.canonical = canonical;
        this.locks = locks;
        this.ingest = ingest;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Bean
    RecurringTask<Void> leadDeadlineTask(DistributionSettings settings) {
        return Tasks.recurring("lead-deadlines", FixedDelay.of(settings.deadlineCheck())).execute((instance, context) -> expireDue());
    }

    /** Takes back every lead whose partner let its time to answer pass; returns how many. */
    int expireDue() {
        if (!service.settings().enabled()) {
            return 0;
        }
        int expired = 0;
        while (true) {
            List<Assignment> due = assignments.due(service.now(), BATCH);
            for (Assignment assignment : due) {
                if (Boolean.TRUE.equals(transactions.execute(tx -> expire(assignment)))) {
                    expired++;
                }
            }
            if (due.size() < BATCH) {
                if (expired > 0) {
                    log.info("Took back {} leads whose partners did not answer in time", expired);
                }
                return expired;
            }
        }
    }

    /** Re-read under the lead's lock: an answer that came meanwhile stands. */
    private boolean expire(Assignment seen) {
        locks.lock(List.of(DistributionService.lockName(seen.leadId())));
        Assignment open = assignments.open(seen.leadId()).orElse(null);
        Instant now = service.now();
        if (open == null || open.attempt() != seen.attempt() || !open.acceptBy().isBefore(now)) {
            return false;
        }
        var row = canonical.findById(EntityType.LEAD, open.leadId()).orElse(null);
        if (row == null || row.archivedAt() != null) {
            // deleted in the vendor CRM meanwhile: its copy was marked recalled with the deletion
            assignments.close(open, "RECALLED", now);
            return false;
        }
        Lead lead = (Lead) CanonicalFields.fromMap(EntityType.LEAD, row.fields());
        assignments.close(open, "EXPIRED", now);
        service.count("expired", open.partnerId());
        append("lead-expired", open, DistributionRuleIds.EXPIRED, "No answer by " + open.acceptBy().truncatedTo(ChronoUnit.SECONDS) + ": taken back.");
        DistributionService.Decided next = service.decide(open.leadId(), lead, assignments.partnersHad(open.leadId()), open.attempt());
        append(next.choice().partnerId() == null ? "lead-returned" : "lead-assigned",
                new Assignment(open.leadId(), next.attempt(), next.choice().partnerId() == null ? open.partnerId() : next.choice().partnerId(),
                        now, now, null, null, next.choice().rule(), next.choice().reason()), next.choice().rule(), next.choice().reason());
        ingest.amend(EntityType.LEAD, open.leadId(), OutboxEntry.Operation.UPSERT, fields -> CanonicalFields.toMap(next.lead()),
                service.connectorOf(open.partnerId()).stream().toList());
        return true;
    }

    private void append(String action, Assignment assignment, String rule, String reason) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("partnerId", assignment.partnerId().toString());
        detail.put("attempt", assignment.attempt());
        audit.appendDecision(DistributionService.ACTOR, EntityType.LEAD, assignment.leadId(), action, reason, rule, detail);
    }
}
