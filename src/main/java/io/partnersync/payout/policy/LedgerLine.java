package io.partnersync.payout.policy;

import io.partnersync.canonical.Payout;
import java.util.UUID;

/**
 * One line of a deal's payout ledger as the rules see it.
 *
 * @param reverses the line this one reverses; {@code null} for a payout
 * @param reversed whether a later line reverses this one
 */
public record LedgerLine(UUID id, String rule, String sourceKey, Payout.PayoutType type, UUID partnerId, Money money, String period,
                         UUID reverses, boolean reversed) {

    public boolean active() {
        return reverses == null && !reversed;
    }
}
