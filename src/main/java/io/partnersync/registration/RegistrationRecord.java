package io.partnersync.registration;

import io.partnersync.canonical.Deal;
import io.partnersync.registration.policy.Decision;
import io.partnersync.registration.policy.ExistingRegistration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.Objects;

/** One row of {@code deal_registration}: a registered partner deal and its current decision. */
record RegistrationRecord(
        UUID dealId,
        UUID partnerId,
        List<String> customerKeys,
        String productLine,
        Deal.RegistrationStatus status,
        String rule,
        String reason,
        LocalDate exclusiveUntil,
        boolean extended,
        List<UUID> conflictsWith,
        List<String> directOpportunities,
        Deal.DealStage stage) implements RegistrationRow {

    /** This registration as the policy sees it among others; the partner's name is withheld (see {@link RegistrationService}). */
    ExistingRegistration existing() {
        return new ExistingRegistration(dealId, partnerId, null, productLine, status, exclusiveUntil, stage);
    }

    RegistrationRecord with(Decision decision) {
        return new RegistrationRecord(dealId, partnerId, customerKeys, productLine, decision.status(), decision.rule(), decision.reason(),
                decision.exclusiveUntil(), extended, decision.conflictsWith(), decision.directOpportunities(), stage);
    }

    RegistrationRecord withStage(Deal.DealStage newStage) {
        return new RegistrationRecord(dealId, partnerId, customerKeys, productLine, status, rule, reason, exclusiveUntil, extended,
                conflictsWith, directOpportunities, newStage);
    }

    RegistrationRecord extendedTo(Decision decision) {
        return new RegistrationRecord(dealId, partnerId, customerKeys, productLine, decision.status(), decision.rule(), decision.reason(),
                decision.exclusiveUntil(), true, conflictsWith, directOpportunities, stage);
    }

    boolean sameDecision(RegistrationRecord other) {
        return other != null && status == other.status && rule.equals(other.rule) && reason.equals(other.reason)
                && Objects.equals(exclusiveUntil, other.exclusiveUntil);
    }
}
