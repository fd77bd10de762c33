package io.partnersync.registration.policy;

import java.math.BigDecimal;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What partners of one tier may register. Amounts are in the currency the program's deals are
 * registered in: the policy compares numbers and does not convert currencies.
 *
 * @param productLines product lines this tier may register, stored lower-case; empty or {@code null} = all
 * @param maxAmount largest deal this tier may register; {@code null} = no maximum
 * @param autoApproveBelow amounts strictly below are approved without review; {@code null} = always reviewed
 */
public record TierRule(Set<String> productLines, BigDecimal maxAmount, BigDecimal autoApproveBelow) {

    public TierRule {
        productLines = productLines == null ? Set.of() : productLines.stream().map(TierRule::line).collect(Collectors.toUnmodifiableSet());
        if (maxAmount != null && maxAmount.signum() <= 0) {
            throw new IllegalArgumentException("max-amount must be greater than 0 (leave it out for no maximum), was " + maxAmount.toPlainString());
        }
        if (autoApproveBelow != null && autoApproveBelow.signum() < 0) {
            throw new IllegalArgumentException("auto-approve-below must not be negative (leave it out to review every registration), was "
                    + autoApproveBelow.toPlainString());
        }
    }

    /** Any product line, any size, always reviewed. */
    public static TierRule unrestricted() {
        return new TierRule(Set.of(), null, null);
    }

    boolean allows(String productLine) {
        return productLines.isEmpty() || productLines.contains(productLine);
    }

    private static String line(String value) {
        String line = ProductLines.normalize(value);
        if (line == null) {
            throw new IllegalArgumentException("product-lines of a tier must not contain a blank product line");
        }
        return line;
    }
}
