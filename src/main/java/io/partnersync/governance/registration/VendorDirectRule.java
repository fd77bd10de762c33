package io.partnersync.governance.registration;

import io.partnersync.canonical.Deal.RegistrationStatus;
import java.util.List;
import java.util.Optional;

/**
 * Rule 4: the vendor's own sales team is working this customer on the same product line (an
 * opportunity without product line counts for every line). Never rejected outright: a channel
 * manager decides who sells.
 */
record VendorDirectRule() implements SubmissionRule {

    @Override
    public Optional<Decision> apply(Submission s) {
        List<DirectOpportunity> matching = matching(s);
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = matching.stream().map(d -> d.name() == null ? d.opportunityId() : d.name()).toList();
        String has = names.size() == 1 ? "has an open opportunity" : "has open opportunities";
        return Optional.of(new Decision(RegistrationStatus.PENDING_REVIEW, RuleIds.CONFLICT_VENDOR_DIRECT,
                "Needs review: the vendor's own sales team " + has + " for this customer (" + Words.and(names) + ").",
                null, null, matching.stream().map(DirectOpportunity::opportunityId).toList()));
    }

    static List<DirectOpportunity> matching(Submission s) {
        return s.direct().stream().filter(d -> ProductLines.covers(d.productLine(), s.productLine())).toList();
    }
}
