package io.partnersync.registration.policy;

import io.partnersync.canonical.Partner.PartnerStatus;
import java.util.Optional;

/** Rule 2a: only active partners register deals. A partner without a status is not active. */
record PartnerStatusRule() implements SubmissionRule {

    @Override
    public Optional<Decision> apply(Submission s) {
        PartnerStatus status = s.partner().status();
        if (status == PartnerStatus.ACTIVE) {
            return Optional.empty();
        }
        String state = status == null ? "without a status" : switch (status) {
            case PROSPECT -> "still a prospect";
            default -> Words.status(status);
        };
        return Optional.of(Decision.rejected(RuleIds.PARTNER_ACTIVE,
                "Rejected: partner " + s.partner().name() + " is " + state + ", only active partners can register deals."));
    }
}
