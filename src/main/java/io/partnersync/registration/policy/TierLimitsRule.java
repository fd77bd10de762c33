package io.partnersync.registration.policy;

import java.util.Optional;

/** Rule 2c: the partner's tier may register, may sell this product line, and this deal size. */
record TierLimitsRule() implements SubmissionRule {

    @Override
    public Optional<Decision> apply(Submission s) {
        String partner = s.partner().name();
        if (s.partner().tier() == null) {
            return reject(RuleIds.TIER, "Rejected: partner " + partner + " has no partner tier, so it cannot register deals.");
        }
        TierRule tier = s.tierRule();
        if (tier == null) {
            return reject(RuleIds.TIER, "Rejected: " + s.tierName() + " partners cannot register deals in this program.");
        }
        if (!tier.allows(s.productLine())) {
            return reject(RuleIds.TIER_PRODUCT, "Rejected: " + s.tierName() + " partners can register only "
                    + Words.and(tier.productLines().stream().sorted().toList()) + " deals, and " + s.registration().product()
                    + " is in the " + s.productLine() + " product line.");
        }
        if (tier.maxAmount() != null && s.registration().amount().compareTo(tier.maxAmount()) > 0) {
            return reject(RuleIds.TIER_AMOUNT, "Rejected: the deal size " + s.money(s.registration().amount()) + " is above the "
                    + s.tierName() + " tier's limit of " + s.money(tier.maxAmount()) + ".");
        }
        return Optional.empty();
    }

    private static Optional<Decision> reject(String rule, String reason) {
        return Optional.of(Decision.rejected(rule, reason));
    }
}
