package io.partnersync.registration.policy;

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
        // a name is shown only when the caller passes one: the service withholds the vendor's internal names from partners
        List<String> names = matching.stream().map(DirectOpportunity::name).filter(n -> n != null && !n.isBlank()).toList();
        String has = matching.size() == 1 ? "has an open opportunity" : "has open opportunities";
        return Optional.of(new Decision(RegistrationStatus.PENDING_REVIEW, RuleIds.CONFLICT_VENDOR_DIRECT,
                "Needs review: the vendor's own sales team " + has + " for this customer" + (names.isEmpty() ? "" : " (" + Words.and(names) + ")") + ".",
                null, null, matching.stream().map(DirectOpportunity::opportunityId).toList()));
    }

    static List<DirectOpportunity> matching(Submission s) {
        return s.direct().stream().filter(d -> ProductLines.covers(d.productLine(), s.productLine())).toList();
    }
}
