package io.partnersync.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A line of the payout ledger: money owed to a partner (a rebate, SPIFF, MDF reimbursement, referral
 * fee or commission), or a reversal of one. A paid line is never edited or deleted: taking it back is
 * a new line with the negated amount that names it in {@code reverses}.
 *
 * @param amount exact decimal amount in {@code currency}; never a floating-point number; negative
 *     only on a reversal
 * @param dealId the deal that earned it, when there is one
 * @param period the period it belongs to ({@code 2026-Q4} or {@code 2026-11}), from the deal's close date
 * @param rule the incentive rule that computed it ({@code payout.rebate}); {@code null} for a payout
 *     the vendor created in its CRM
 * @param sourceKey unique per rule and source event ({@code rebate:<deal>:0}); {@code null} for a
 *     payout the vendor created
 * @param reverses the payout this line takes back
 * @param reason how it was computed, in words
 */
public record Payout(
        UUID partnerId,
        UUID dealId,
        PayoutType type,
        BigDecimal amount,
        String currency,
        PayoutStatus status,
        LocalDate dueDate,
        String reference,
        String period,
        String rule,
        String sourceKey,
        UUID reverses,
        String reason) implements CanonicalRecord {

    public Payout {
        Fields.require("type", type);
        Fields.require("amount", amount);
        currency = Fields.require("currency", Fields.currency(currency));
        status = status == null ? PayoutStatus.CALCULATED : status;
    }

    /** A payout the vendor created in its CRM, without a rule. */
    public Payout(UUID partnerId, UUID dealId, PayoutType type, BigDecimal amount, String currency, PayoutStatus status, LocalDate dueDate,
                  String reference) {
        this(partnerId, dealId, type, amount, currency, status, dueDate, reference, null, null, null, null, null);
    }

    public enum PayoutType { REBATE, SPIFF, MDF, COMMISSION, REFERRAL_FEE }

    /** calculated (by a rule, waiting for approval), approved, paid; reversed (a reversal line); cancelled by the vendor. */
    public enum PayoutStatus { CALCULATED, APPROVED, PAID, REVERSED, CANCELLED }
}
