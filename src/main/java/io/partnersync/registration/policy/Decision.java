package io.partnersync.registration.policy;

import io.partnersync.canonical.Deal.RegistrationStatus;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The outcome for one registration, to persist and write back to the partner's CRM.
 *
 * @param rule stable id of the rule that decided, one of {@link RuleIds}
 * @param reason one sentence for a sales rep, with the concrete values
 * @param exclusiveUntil last day of exclusivity; set only when the status is APPROVED
 * @param conflictsWith other registrations (deal ids) this one collides with; never {@code null}
 * @param directOpportunities ids of the vendor's own open opportunities it collides with; never {@code null}
 */
public record Decision(
        RegistrationStatus status,
        String rule,
        String reason,
        LocalDate exclusiveUntil,
        List<UUID> conflictsWith,
        List<String> directOpportunities) {

    public Decision {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        conflictsWith = conflictsWith == null ? List.of() : List.copyOf(conflictsWith);
        directOpportunities = directOpportunities == null ? List.of() : List.copyOf(directOpportunities);
    }

    static Decision rejected(String rule, String reason) {
        return new Decision(RegistrationStatus.REJECTED, rule, reason, null, null, null);
    }

    static Decision approved(String rule, String reason, LocalDate exclusiveUntil) {
        return new Decision(RegistrationStatus.APPROVED, rule, reason, exclusiveUntil, null, null);
    }

    static Decision review(String rule, String reason) {
        return new Decision(RegistrationStatus.PENDING_REVIEW, rule, reason, null, null, null);
    }
}
