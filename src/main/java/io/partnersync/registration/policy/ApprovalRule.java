package io.partnersync.registration.policy;

import java.math.BigDecimal;

/**
 * Rule 5, the last: an eligible registration without conflict is approved automatically when its
 * amount is strictly below the tier's threshold, with exclusivity from the decision date; any other
 * goes to a channel manager.
 */
record ApprovalRule(int exclusivityDays) {

    Decision decide(Submission s) {
        BigDecimal limit = s.tierRule().autoApproveBelow();
        BigDecimal amount = s.registration().amount();
        if (limit == null) {
            return Decision.review(RuleIds.APPROVAL_REVIEW,
                    "Needs review: registrations by " + s.tierName() + " partners are always reviewed by a channel manager.");
        }
        if (amount.compareTo(limit) >= 0) {
            return Decision.review(RuleIds.APPROVAL_REVIEW, "Needs review: amount " + s.money(amount) + " is at or above the "
                    + s.tierName() + " auto-approval limit of " + s.money(limit) + ".");
        }
        var until = s.today().plusDays(exclusivityDays);
        return Decision.approved(RuleIds.APPROVAL_AUTO, "Approved automatically: " + s.tierName() + " partners are approved below "
                + s.money(limit) + "; exclusive until " + until + ".", until);
    }
}
