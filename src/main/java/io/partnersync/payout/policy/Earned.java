package io.partnersync.payout.policy;

import io.partnersync.canonical.Payout;
import java.util.UUID;

/**
 * A payout a rule computed, or refused.
 *
 * @param sourceKey unique per rule and source event: {@code rebate:<deal>:<n>} where n counts the
 *     earlier reversals of that rule for the deal, so a deal won again after a reversal earns anew
 * @param money rounded once; {@code null} when refused
 * @param reason in words, for the partner and the audit trail
 */
public record Earned(String rule, String sourceKey, UUID partnerId, Payout.PayoutType type, Money money, String period, String reason,
                     boolean refused) {
}
