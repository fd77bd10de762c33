package io.partnersync.registration.policy;

import io.partnersync.canonical.Partner;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything one decision looks at.
 *
 * @param productLine the registration's product line, {@code null} without product
 * @param tierRule the partner tier's rule, {@code null} when the tier may not register
 */
record Submission(
        Registration registration,
        Partner partner,
        String productLine,
        TierRule tierRule,
        List<ExistingRegistration> existing,
        List<DirectOpportunity> direct,
        LocalDate today) {

    Submission {
        existing = existing == null ? List.of() : List.copyOf(existing);
        direct = direct == null ? List.of() : List.copyOf(direct);
    }

    String tierName() {
        return Words.tier(partner.tier());
    }

    String money(BigDecimal amount) {
        return Words.money(amount, registration.currency());
    }
}
