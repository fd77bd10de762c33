package io.partnersync.payout.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The configured incentive rules.
 *
 * @param rebatePercent percent of the deal amount by partner tier (lower-case) and product line;
 *     the line {@code default} applies to lines not listed
 * @param spiffs a fixed amount per product sold, in its own currency
 * @param referralPercent percent of the amount of a vendor-closed deal the referring partner earns; {@code null} = none
 * @param rounding applied once per payout, at the currency's minor unit
 * @param period {@code quarter} ({@code 2026-Q4}) or {@code month} ({@code 2026-11}) of the close date
 */
public record IncentiveRules(Map<String, Map<String, BigDecimal>> rebatePercent, Map<String, Money> spiffs, BigDecimal referralPercent,
                             RoundingMode rounding, String period) {

    public IncentiveRules {
        rebatePercent = rebatePercent == null ? Map.of() : Map.copyOf(rebatePercent);
        spiffs = spiffs == null ? Map.of() : Map.copyOf(spiffs);
        rounding = rounding == null ? RoundingMode.HALF_EVEN : rounding;
        period = period == null ? "quarter" : period;
        if (!period.equals("quarter") && !period.equals("month")) {
            throw new IllegalArgumentException("period: expected quarter or month, not '" + period + "'");
        }
        rebatePercent.forEach((tier, lines) -> lines.forEach((line, percent) -> {
            if (percent.signum() < 0 || percent.compareTo(new BigDecimal("100")) > 0) {
                throw new IllegalArgumentException("rebate-percent." + tier + "." + line + ": expected a percent from 0 to 100, not " + percent);
            }
        }));
        if (referralPercent != null && (referralPercent.signum() < 0 || referralPercent.compareTo(new BigDecimal("100")) > 0)) {
            throw new IllegalArgumentException("referral-percent: expected a percent from 0 to 100, not " + referralPercent);
        }
    }
}
