package io.partnersync.payout;

import io.partnersync.payout.policy.IncentiveRules;
import io.partnersync.payout.policy.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import java.util.List;
import java.util.Locale;

/**
 * The incentive rules ({@code partnersync.payouts}).
 *
 * @param enabled whether closed deals earn payouts at all
 * @param rebatePercent percent of the deal amount by partner tier and product line ({@code default}
 *     for the lines not listed), e.g. {@code gold: { network-security: 3.5, default: 2 }}
 * @param spiffs a fixed amount per product, with its currency (a list, so product names may hold spaces)
 * @param referralPercent percent a partner earns for referring a deal the vendor closed
 * @param rounding the rounding mode of the one rounding of each payout, to the currency's minor unit
 * @param period {@code quarter} or {@code month}
 */
@ConfigurationProperties("partnersync.payouts")
public record PayoutSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Map<String, Map<String, BigDecimal>> rebatePercent,
        @DefaultValue List<Spiff> spiffs,
        BigDecimal referralPercent,
        @DefaultValue("half-even") RoundingMode rounding,
        @DefaultValue("quarter") String period) {

    public record Spiff(String product, BigDecimal amount, String currency) {
    }

    IncentiveRules rules() {
        Map<String, Money> fixed = new LinkedHashMap<>();
        for (int i = 0; i < spiffs.size(); i++) {
            Spiff spiff = spiffs.get(i);
            if (spiff == null || spiff.product() == null || spiff.amount() == null || spiff.currency() == null) {
                throw new IllegalArgumentException("spiffs[" + i + "]: expected a product, an amount and a currency");
            }
            if (fixed.put(spiff.product(), new Money(spiff.amount(), spiff.currency().toUpperCase(Locale.ROOT))) != null) {
                throw new IllegalArgumentException("spiffs[" + i + "]: expected each product once, '" + spiff.product() + "' is listed twice");
            }
        }
        return new IncentiveRules(rebatePercent, fixed, referralPercent, rounding, period);
    }
}
