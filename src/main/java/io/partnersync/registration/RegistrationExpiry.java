package io.partnersync.registration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.Occasions;
import java.util.UUID;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends exclusivity when it runs out: approved registrations whose last day has passed become
 * EXPIRED in the store, and through the outbox in the vendor CRM and the partner's CRM, which frees
 * the customer for other partners. Runs as a db-scheduler recurring task: its schedule lives in
 * PostgreSQL, so it survives restarts and runs on one instance at a time however many run. Each
 * registration expires in its own transaction; a run that stops half-way is finished by the next.
 */
@Configuration
class RegistrationExpiry {

    private static final Logger log = LoggerFactory.getLogger(RegistrationExpiry.class);
    private static final int BATCH = 500;

    private final RegistrationService service;
    private final RegistrationRepository registrations;
    private final Occasions occasions;
    private final TransactionTemplate transactions;

    RegistrationExpiry(RegistrationService service, RegistrationRepository registrations, Occasions occasions, TransactionTemplate transactions) {
        this.service = service;
        this.registrations = registrations;
        this.occasions = occasions;
        this.transactions = transactions;
    }

    @Bean
    RecurringTask<Void> registrationExpiryTask(RegistrationSettings settings) {
        return Tasks.recurring("registration-expiry", FixedDelay.of(settings.expiryCheck())).execute((instance, context) -> expireDue());
    }

    /** Expires every approved registration whose exclusivity ended before today; returns how many. */
    int expireDue() {
        LocalDate today = LocalDate.now(service.clock());
        int expired = 0;
        LocalDate afterUntil = LocalDate.of(1, 1, 1);
        UUID afterDeal = new UUID(0, 0);
        while (true) {
            List<RegistrationRecord> due = registrations.approvedEndingBefore(today, afterUntil, afterDeal, BATCH);
            for (RegistrationRecord candidate : due) {
                if (Boolean.TRUE.equals(transactions.execute(tx -> expire(candidate, today)))) {
                    expired++;
                }
            }
            if (due.size() < BATCH) {
                if (expired > 0) {
                    log.info("Expired {} deal registrations whose exclusivity ended before {}", expired, today);
                }
                return expired;
            }
            RegistrationRecord last = due.get(due.size() - 1);
            afterUntil = last.exclusiveUntil();
            afterDeal = last.dealId();
        }
    }

    /** Asks the deal's steps to expire one registration; the step re-reads it under the customer's locks, so a decision made meanwhile stands. */
    private boolean expire(RegistrationRecord candidate, LocalDate today) {
        return occasions.decide(EntityType.DEAL, candidate.dealId(), RegistrationService.EXPIRY, RegistrationService.ACTOR);
    }
}
