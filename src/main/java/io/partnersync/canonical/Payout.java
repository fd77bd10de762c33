package io.partnersync.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Money owed to a partner: a rebate, SPIFF, MDF reimbursement or commission.
 *
 * @param amount exact decimal amount in {@code currency}; never a floating-point number
 * @param dealId the deal that earned it, when there is one
 */
public record Payout(
        UUID partnerId,
        UUID dealId,
        PayoutType type,
        BigDecimal amount,
        String currency,
        PayoutStatus status,
        LocalDate dueDate,
        String reference) implements CanonicalRecord {

    public Payout {
        Fields.require("type", type);
        Fields.require("amount", amount);
        currency = Fields.require("currency", Fields.currency(currency));
        status = status == null ? PayoutStatus.PENDING : status;
    }

    public enum PayoutType { REBATE, SPIFF, MDF, COMMISSION }

    public enum PayoutStatus { PENDING, APPROVED, PAID, CANCELLED }
}
