package io.partnersync.registration.policy;

import io.partnersync.canonical.Deal.RegistrationStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rule 1, idempotency. Submitting a deal that already has a standing registration (approved,
 * pending, submitted or expired) changes nothing: the decision repeats its status and exclusivity,
 * so a replay never grants new exclusivity. A rejected registration of the same deal is decided
 * afresh, since the partner may have fixed it. A different deal of the same partner for the same
 * customer and product line while the first is live is rejected: one partner holds at most one
 * registration per customer and product line.
 */
record SamePartnerRule() implements SubmissionRule {

    private static final Set<RegistrationStatus> STANDING = EnumSet.of(RegistrationStatus.APPROVED,
            RegistrationStatus.PENDING_REVIEW, RegistrationStatus.SUBMITTED, RegistrationStatus.EXPIRED);

    @Override
    public Optional<Decision> apply(Submission s) {
        Registration registration = s.registration();
        Optional<Decision> sameDeal = s.existing().stream()
                .filter(e -> e.dealId().equals(registration.dealId()) && STANDING.contains(e.status()))
                .findFirst().map(SamePartnerRule::unchanged);
        if (sameDeal.isPresent() || s.productLine() == null) {
            return sameDeal;
        }
        return s.existing().stream()
                .filter(e -> !e.dealId().equals(registration.dealId()) && registration.partnerId().equals(e.partnerId()))
                .filter(e -> ProductLines.covers(e.productLine(), s.productLine()) && e.isLive(s.today()))
                .findFirst().map(e -> new Decision(RegistrationStatus.REJECTED, RuleIds.DUPLICATE_SAME_PARTNER,
                        "Already registered: your registration " + e.dealId() + " for this customer and product line is " + state(e) + ".",
                        null, List.of(e.dealId()), null));
    }

    private static Decision unchanged(ExistingRegistration e) {
        return new Decision(e.status(), RuleIds.DUPLICATE_SAME_PARTNER,
                "Already registered: this deal's registration is " + state(e) + "; submitting it again changes nothing.",
                e.exclusiveUntil(), null, null);
    }

    private static String state(ExistingRegistration e) {
        String status = Words.status(e.status());
        return e.exclusiveUntil() == null ? status : status + " until " + e.exclusiveUntil();
    }
}
