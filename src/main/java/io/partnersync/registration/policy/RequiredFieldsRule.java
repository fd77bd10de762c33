package io.partnersync.registration.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rule 2b: the customer (company name or web domain), product, a positive amount and an expected
 * close date that is not in the past. All missing fields are named in one sentence, so the rep
 * fixes them in one go.
 */
record RequiredFieldsRule() implements SubmissionRule {

    @Override
    public Optional<Decision> apply(Submission s) {
        Registration r = s.registration();
        List<String> missing = new ArrayList<>();
        if (r.customerKey() == null) {
            missing.add("the customer's company name or web domain");
        }
        if (s.productLine() == null) {
            missing.add("the product");
        }
        if (r.amount() == null) {
            missing.add("the deal amount");
        }
        if (r.closeDate() == null) {
            missing.add("the expected close date");
        }
        if (!missing.isEmpty()) {
            String verb = missing.size() == 1 ? " is missing." : " are missing.";
            return Optional.of(Decision.rejected(RuleIds.REQUIRED_FIELD, "Rejected: " + Words.and(missing) + verb));
        }
        if (r.amount().signum() <= 0) {
            return Optional.of(Decision.rejected(RuleIds.REQUIRED_FIELD,
                    "Rejected: the deal amount must be greater than zero, was " + s.money(r.amount()) + "."));
        }
        if (r.closeDate().isBefore(s.today())) {
            return Optional.of(Decision.rejected(RuleIds.CLOSE_DATE,
                    "Rejected: the expected close date " + r.closeDate() + " is in the past."));
        }
        return Optional.empty();
    }
}
