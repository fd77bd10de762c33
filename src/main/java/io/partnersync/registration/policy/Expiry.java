package io.partnersync.registration.policy;

import io.partnersync.canonical.Deal.DealStage;
import io.partnersync.canonical.Deal.RegistrationStatus;
import java.time.LocalDate;
import java.util.Optional;

/**
 * When an approved registration stops protecting its customer. A closed deal ends it first: won,
 * it stays APPROVED (the registration did its job, and payouts need to see an approved, won
 * registration) but no longer blocks others, since conflicts ignore closed deals; lost, it becomes
 * EXPIRED. Otherwise it expires the day after its last day of exclusivity.
 */
final class Expiry {

    private Expiry() {
    }

    static Optional<Decision> lapse(ExistingRegistration r, LocalDate today) {
        if (r.status() != RegistrationStatus.APPROVED) {
            return Optional.empty();
        }
        if (r.stage() == DealStage.CLOSED_WON) {
            return Optional.of(new Decision(RegistrationStatus.APPROVED, RuleIds.EXPIRY_CLOSED,
                    "Closed won: the registration is complete; it stays approved and no longer blocks other partners.",
                    r.exclusiveUntil(), null, null));
        }
        if (r.stage() == DealStage.CLOSED_LOST) {
            return Optional.of(expired(RuleIds.EXPIRY_CLOSED, "Closed lost: exclusivity ended with the deal.", r));
        }
        if (r.exclusiveUntil() != null && r.exclusiveUntil().isBefore(today)) {
            return Optional.of(expired(RuleIds.EXPIRY_EXPIRED, "Expired: exclusivity ended on " + r.exclusiveUntil() + ".", r));
        }
        return Optional.empty();
    }

    private static Decision expired(String rule, String reason, ExistingRegistration r) {
        return new Decision(RegistrationStatus.EXPIRED, rule, reason, r.exclusiveUntil(), null, null);
    }
}
