package io.partnersync.payout.policy;

import io.partnersync.canonical.Deal;
import io.partnersync.canonical.Payout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Which payouts a deal earns, and which it takes back, given its ledger. Pure and deterministic:
 * the same deal and ledger always give the same lines with the same source keys, so a replay, a
 * retry or a second instance finds them already there.
 *
 * <ul>
 * <li><b>Rebate</b> ({@link PayoutRuleIds#REBATE}): a partner's closed-won deal with an approved
 * registration earns its tier's percent for the product line of the deal amount.</li>
 * <li><b>SPIFF</b> ({@link PayoutRuleIds#SPIFF}): the same deal earns the fixed amount configured
 * for its product, in that amount's currency.</li>
 * <li><b>Referral fee</b> ({@link PayoutRuleIds#REFERRAL_FEE}): a deal the vendor closed (no
 * partner) that a partner referred earns that partner the referral percent.</li>
 * <li><b>Reversal</b> ({@link PayoutRuleIds#REVERSAL}): a deal that is no longer closed-won
 * (reopened, lost) takes back each payout it earned, with a line of the negated amount linked to
 * it. Won again, it earns anew under the next source key.</li>
 * </ul>
 * A computed amount of zero or less is refused with a reason, never paid.
 */
public final class PayoutPolicy {

    /** What a deal's change does to its ledger. */
    public record Decision(List<Earned> earned, List<Reversal> reversals) {
    }

    private final IncentiveRules rules;

    public PayoutPolicy(IncentiveRules rules) {
        this.rules = rules;
    }

    public Decision decide(DealFacts deal, List<LedgerLine> ledger) {
        List<Earned> earned = new ArrayList<>();
        List<Reversal> reversals = new ArrayList<>();
        if (!deal.closedWon()) {
            for (LedgerLine line : ledger) {
                if (line.active()) {
                    reversals.add(new Reversal(line, "reversal:" + line.sourceKey(), line.money().negated(),
                            "deal is " + deal.stage().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " again after the " + words(line.type())
                                    + " was calculated: taken back"));
                }
            }
            return new Decision(earned, reversals);
        }
        for (Earned candidate : candidates(deal)) {
            boolean active = ledger.stream().anyMatch(l -> l.active() && l.rule().equals(candidate.rule()));
            if (active) {
                continue;
            }
            long generation = ledger.stream().filter(l -> l.reverses() == null && l.rule().equals(candidate.rule())).count();
            String key = candidate.sourceKey() + ":" + generation;
            earned.add(new Earned(candidate.rule(), key, candidate.partnerId(), candidate.type(), candidate.money(), candidate.period(),
                    candidate.reason(), candidate.refused()));
        }
        return new Decision(earned, reversals);
    }

    /** What the closed-won deal earns by each rule that applies, keys without their generation. */
    List<Earned> candidates(DealFacts deal) {
        List<Earned> all = new ArrayList<>();
        boolean partnerDeal = deal.partnerId() != null && deal.registration() == Deal.RegistrationStatus.APPROVED;
        if (partnerDeal && deal.tier() != null) {
            Map<String, BigDecimal> byLine = rules.rebatePercent().get(deal.tier().name().toLowerCase(Locale.ROOT));
            BigDecimal percent = byLine == null ? null : byLine.getOrDefault(deal.productLine(), byLine.get("default"));
            if (percent != null) {
                all.add(ofPercent(PayoutRuleIds.REBATE, "rebate:" + deal.dealId(), deal.partnerId(), Payout.PayoutType.REBATE, deal, percent,
                        "rebate of " + percent.stripTrailingZeros().toPlainString() + " % for tier " + deal.tier().name().toLowerCase(Locale.ROOT)
                                + " on " + (deal.productLine() == null ? "the deal" : deal.productLine())));
            }
        }
        if (partnerDeal && deal.product() != null && rules.spiffs().containsKey(deal.product())) {
            Money fixed = rules.spiffs().get(deal.product()).rounded(rules.rounding());
            all.add(checked(PayoutRuleIds.SPIFF, "spiff:" + deal.dealId(), deal.partnerId(), Payout.PayoutType.SPIFF, fixed, deal,
                    "SPIFF of " + fixed + " for selling " + deal.product()));
        }
        if (deal.partnerId() == null && deal.referredBy() != null && rules.referralPercent() != null) {
            all.add(ofPercent(PayoutRuleIds.REFERRAL_FEE, "referral:" + deal.dealId(), deal.referredBy(), Payout.PayoutType.REFERRAL_FEE, deal,
                    rules.referralPercent(), "referral fee of " + rules.referralPercent().stripTrailingZeros().toPlainString()
                            + " % for referring a deal the vendor closed"));
        }
        return all;
    }

    private Earned ofPercent(String rule, String key, UUID partner, Payout.PayoutType type, DealFacts deal, BigDecimal percent, String reason) {
        if (deal.amount() == null || deal.currency() == null) {
            return refused(rule, key, partner, type, deal, "no " + words(type) + ": the deal has no amount with a currency");
        }
        Money money = new Money(deal.amount(), deal.currency()).percent(percent).rounded(rules.rounding());
        return checked(rule, key, partner, type, money, deal, reason + " of " + new Money(deal.amount(), deal.currency()));
    }

    private Earned checked(String rule, String key, UUID partner, Payout.PayoutType type, Money money, DealFacts deal, String reason) {
        if (deal.closeDate() == null) {
            return refused(rule, key, partner, type, deal, "no " + words(type) + ": the deal has no close date, so no period");
        }
        if (money.signum() <= 0) {
            return refused(rule, key, partner, type, deal, "no " + words(type) + ": it comes to " + money + " (" + reason + "); only amounts above zero are paid");
        }
        return new Earned(rule, key, partner, type, money, period(deal), reason, false);
    }

    private Earned refused(String rule, String key, UUID partner, Payout.PayoutType type, DealFacts deal, String reason) {
        return new Earned(rule, key, partner, type, null, deal.closeDate() == null ? null : period(deal), reason, true);
    }

    String period(DealFacts deal) {
        return rules.period().equals("month")
                ? String.format(Locale.ROOT, "%d-%02d", deal.closeDate().getYear(), deal.closeDate().getMonthValue())
                : deal.closeDate().getYear() + "-Q" + ((deal.closeDate().getMonthValue() - 1) / 3 + 1);
    }

    private static String words(Payout.PayoutType type) {
        return switch (type) {
            case REBATE -> "rebate";
            case SPIFF -> "SPIFF";
            case MDF -> "MDF reimbursement";
            case COMMISSION -> "commission";
            case REFERRAL_FEE -> "referral fee";
        };
    }
}
