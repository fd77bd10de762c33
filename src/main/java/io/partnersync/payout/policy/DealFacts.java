package io.partnersync.payout.policy;

import io.partnersync.canonical.Deal;
import io.partnersync.canonical.Partner;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What the incentive rules read of a deal.
 *
 * @param partnerId the partner that sold it; {@code null} for the vendor's own deal
 * @param tier that partner's tier; {@code null} when there is no partner
 * @param referredBy the partner that referred a deal the vendor closed; {@code null} when none
 * @param productLine the product's line, as the registration rules group products
 */
public record DealFacts(UUID dealId, UUID partnerId, Partner.PartnerTier tier, UUID referredBy, String product, String productLine,
                        BigDecimal amount, String currency, Deal.DealStage stage, Deal.RegistrationStatus registration, LocalDate closeDate) {

    public boolean closedWon() {
        return stage == Deal.DealStage.CLOSED_WON;
    }
}
