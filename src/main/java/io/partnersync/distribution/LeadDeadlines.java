package io.partnersync.distribution;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.partnersync.canonical.EntityType;
import io.partnersync.distribution.LeadAssignments.Assignment;
import io.partnersync.sync.Occasions;
import java.util.List;
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
    private final Occasions occasions;
    private final TransactionTemplate transactions;

    LeadDeadlines(DistributionService service, LeadAssignments assignments, Occasions occasions, TransactionTemplate transactions) {
        this.service = service;
        this.assignments = assignments;
        this.occasions = occasions;
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

    /** Asks the lead's steps to take it back; the step re-reads the assignment under the lead's lock, so an answer that came meanwhile stands. */
    private boolean expire(Assignment seen) {
        return occasions.decide(EntityType.LEAD, seen.leadId(), DistributionService.DEADLINE, DistributionService.ACTOR);
    }
}
