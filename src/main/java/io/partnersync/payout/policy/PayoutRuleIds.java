package io.partnersync.payout.policy;

/** The stable ids of the incentive rules, in each payout's {@code rule} and in the audit trail. */
public final class PayoutRuleIds {

    public static final String REBATE = "payout.rebate";
    public static final String SPIFF = "payout.spiff";
    public static final String REFERRAL_FEE = "payout.referral-fee";
    public static final String REVERSAL = "payout.reversal";
    /** A computed amount of zero or less: no payout, the reason in the audit trail. */
    public static final String REFUSED = "payout.refused";

    private PayoutRuleIds() {
    }
}
