package io.partnersync.payout.policy;

import java.util.UUID;

/**
 * A line that takes back a payout: the original's amount negated, linked to it; the original is never edited.
 *
 * @param sourceKey {@code reversal:<the original's source key>}: one reversal per payout
 */
public record Reversal(LedgerLine original, String sourceKey, Money money, String reason) {

    public UUID originalId() {
        return original.id();
    }
}
