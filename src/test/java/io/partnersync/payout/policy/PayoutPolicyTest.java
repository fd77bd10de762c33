package io.partnersync.payout.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersync.canonical.Deal.DealStage;
import io.partnersync.canonical.Deal.RegistrationStatus;
import io.partnersync.canonical.Partner.PartnerTier;
import io.partnersync.canonical.Payout.PayoutType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The incentive rules with exact expected amounts: rebates, SPIFFs, referral fees, reversals, rounding and currencies. */
@DisplayName("Incentive rules")
class PayoutPolicyTest {

    static final UUID DEAL = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-0000000000b1");

    static final IncentiveRules RULES = new IncentiveRules(
            Map.of("gold", Map.of("network-security", new BigDecimal("3.5"), "default", new BigDecimal("2")),
                    "silver", Map.of("default", new BigDecimal("1"))),
            Map.of("Firewall X200", Money.of("250.00", "EUR")), new BigDecimal("5"), RoundingMode.HALF_EVEN, "quarter");

    static DealFacts won(String amount, String currency, String productLine) {
        return new DealFacts(DEAL, ACME, PartnerTier.GOLD, null, "Firewall", productLine, new BigDecimal(amount), currency, DealStage.CLOSED_WON,
                RegistrationStatus.APPROVED, LocalDate.of(2026, 11, 20));
    }

    static List<Earned> earned(PayoutPolicy policy, DealFacts deal) {
        return policy.decide(deal, List.of()).earned();
    }

    @Test
    @DisplayName("a gold partner's won, approved network-security deal of 125,000.50 EUR earns a 3.5 % rebate of 4,375.02 EUR in 2026-Q4")
    void rebateByTierAndLine() {
        List<Earned> earned = earned(new PayoutPolicy(RULES), won("125000.50", "EUR", "network-security"));

        assertThat(earned).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo(PayoutRuleIds.REBATE);
            assertThat(e.type()).isEqualTo(PayoutType.REBATE);
            assertThat(e.partnerId()).isEqualTo(ACME);
            assertThat(e.money()).isEqualTo(Money.of("4375.02", "EUR")); // 4375.01750 rounds half-even to .02 (above half)
            assertThat(e.period()).isEqualTo("2026-Q4");
            assertThat(e.sourceKey()).isEqualTo("rebate:" + DEAL + ":0");
            assertThat(e.reason()).isEqualTo("rebate of 3.5 % for tier gold on network-security of 125000.50 EUR");
        });
    }

    @Test
    @DisplayName("a line not listed takes the tier's default percent")
    void defaultLine() {
        assertThat(earned(new PayoutPolicy(RULES), won("1000", "USD", "collaboration")).get(0).money()).isEqualTo(Money.of("20.00", "USD"));
    }

    @ParameterizedTest(name = "{0} {1} at {2} % → {3} ({4})")
    @CsvSource({
            // exactly half a cent: half-even goes to the even cent, down and up
            "0.25, EUR, 2, 0.00, HALF_EVEN",     // 0.005 → 0.00 (0 is even): refused as zero, see below
            "100.25, EUR, 2, 2.00, HALF_EVEN",   // 2.005 → 2.00
            "100.75, EUR, 2, 2.02, HALF_EVEN",   // 2.015 → 2.02
            "100.25, EUR, 2, 2.01, HALF_UP",     // 2.005 → 2.01 with half-up configured
            "100.25, JPY, 2, 2, HALF_EVEN",      // yen have no minor unit: 2.005 → 2
            "12345.67, KWD, 2, 246.913, HALF_EVEN" // dinars have three: 246.9134 → 246.913
    })
    void roundingOnce(String amount, String currency, String percent, String expected, RoundingMode mode) {
        IncentiveRules rules = new IncentiveRules(Map.of("gold", Map.of("default", new BigDecimal(percent))), Map.of(), null, mode, "quarter");
        List<Earned> earned = earned(new PayoutPolicy(rules), won(amount, currency, "any"));
        if (new BigDecimal(expected).signum() == 0) {
            assertThat(earned.get(0).refused()).isTrue();
        } else {
            assertThat(earned.get(0).money()).isEqualTo(new Money(new BigDecimal(expected), currency));
        }
    }

    @Test
    @DisplayName("a rebate that comes to zero or less is refused with its reason, never paid")
    void zeroAndNegativeRefused() {
        PayoutPolicy policy = new PayoutPolicy(RULES);

        Earned zero = earned(policy, won("0.00", "EUR", "network-security")).get(0);
        Earned negative = earned(policy, won("-500.00", "EUR", "network-security")).get(0);
        Earned halfCent = earned(policy, won("0.10", "EUR", "default")).get(0); // 0.002 rounds to 0.00

        assertThat(zero.refused()).isTrue();
        assertThat(zero.money()).isNull();
        assertThat(zero.reason()).isEqualTo("no rebate: it comes to 0.00 EUR (rebate of 3.5 % for tier gold on network-security of 0.00 EUR); only amounts above zero are paid");
        assertThat(negative.refused()).isTrue();
        assertThat(negative.reason()).contains("it comes to -17.50 EUR");
        assertThat(halfCent.refused()).isTrue();
    }

    @Test
    @DisplayName("a SPIFF is a fixed amount per product in its own currency, kept apart from the deal's")
    void spiffInItsOwnCurrency() {
        DealFacts deal = new DealFacts(DEAL, ACME, PartnerTier.GOLD, null, "Firewall X200", "network-security", new BigDecimal("10000"), "USD",
                DealStage.CLOSED_WON, RegistrationStatus.APPROVED, LocalDate.of(2027, 2, 1));

        List<Earned> earned = earned(new PayoutPolicy(RULES), deal);

        assertThat(earned).extracting(Earned::type, Earned::money, Earned::period).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PayoutType.REBATE, Money.of("350.00", "USD"), "2027-Q1"),
                org.assertj.core.groups.Tuple.tuple(PayoutType.SPIFF, Money.of("250.00", "EUR"), "2027-Q1"));
        assertThatThrownBy(() -> earned.get(0).money().plus(earned.get(1).money()))
                .hasMessage("amounts in USD and EUR are never added together");
    }

    @Test
    @DisplayName("a vendor-closed deal a partner referred earns that partner the referral fee; a partner's own deal does not")
    void referralFee() {
        DealFacts vendorDeal = new DealFacts(DEAL, null, null, GLOBEX, "Firewall", "network-security", new BigDecimal("80000.10"), "EUR",
                DealStage.CLOSED_WON, RegistrationStatus.NONE, LocalDate.of(2026, 12, 31));

        List<Earned> earned = earned(new PayoutPolicy(RULES), vendorDeal);

        assertThat(earned).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(PayoutType.REFERRAL_FEE);
            assertThat(e.partnerId()).isEqualTo(GLOBEX);
            assertThat(e.money()).isEqualTo(Money.of("4000.00", "EUR")); // 4000.005 → 4000.00, half-even
            assertThat(e.sourceKey()).isEqualTo("referral:" + DEAL + ":0");
        });
    }

    @Test
    @DisplayName("no payout without an approved registration, or before the deal is won")
    void onlyApprovedAndWon() {
        PayoutPolicy policy = new PayoutPolicy(RULES);
        DealFacts pending = new DealFacts(DEAL, ACME, PartnerTier.GOLD, null, "Firewall", "network-security", new BigDecimal("1000"), "EUR",
                DealStage.CLOSED_WON, RegistrationStatus.PENDING_REVIEW, LocalDate.of(2026, 11, 20));
        DealFacts open = new DealFacts(DEAL, ACME, PartnerTier.GOLD, null, "Firewall", "network-security", new BigDecimal("1000"), "EUR",
                DealStage.NEGOTIATION, RegistrationStatus.APPROVED, LocalDate.of(2026, 11, 20));

        assertThat(earned(policy, pending)).isEmpty();
        assertThat(policy.decide(open, List.of()).earned()).isEmpty();
    }

    @Nested
    @DisplayName("the ledger")
    class Ledger {

        final PayoutPolicy policy = new PayoutPolicy(RULES);
        final LedgerLine paid = new LedgerLine(UUID.randomUUID(), PayoutRuleIds.REBATE, "rebate:" + DEAL + ":0", PayoutType.REBATE, ACME,
                Money.of("35.00", "EUR"), "2026-Q4", null, false);

        @Test
        @DisplayName("a deal already paid earns nothing again: replaying it changes nothing")
        void once() {
            assertThat(policy.decide(won("1000", "EUR", "network-security"), List.of(paid)).earned()).isEmpty();
        }

        @Test
        @DisplayName("a deal reopened after its rebate takes it back with a reversal of the negated amount, linked; the original stays as it is")
        void reversal() {
            DealFacts reopened = new DealFacts(DEAL, ACME, PartnerTier.GOLD, null, "Firewall", "network-security", new BigDecimal("1000"), "EUR",
                    DealStage.NEGOTIATION, RegistrationStatus.APPROVED, LocalDate.of(2026, 11, 20));

            PayoutPolicy.Decision decision = policy.decide(reopened, List.of(paid));

            assertThat(decision.earned()).isEmpty();
            assertThat(decision.reversals()).singleElement().satisfies(r -> {
                assertThat(r.originalId()).isEqualTo(paid.id());
                assertThat(r.money()).isEqualTo(Money.of("-35.00", "EUR"));
                assertThat(r.sourceKey()).isEqualTo("reversal:rebate:" + DEAL + ":0");
                assertThat(r.reason()).isEqualTo("deal is negotiation again after the rebate was calculated: taken back");
            });
        }

        @Test
        @DisplayName("a reversed payout is reversed once; the deal won again earns anew under the next key")
        void wonAgain() {
            LedgerLine reversed = new LedgerLine(paid.id(), paid.rule(), paid.sourceKey(), paid.type(), ACME, paid.money(), paid.period(), null, true);
            LedgerLine reversal = new LedgerLine(UUID.randomUUID(), PayoutRuleIds.REVERSAL, "reversal:" + paid.sourceKey(), paid.type(), ACME,
                    paid.money().negated(), paid.period(), paid.id(), false);
            DealFacts lost = new DealFacts(DEAL, ACME, PartnerTier.GOLD, null, "Firewall", "network-security", new BigDecimal("1000"), "EUR",
                    DealStage.CLOSED_LOST, RegistrationStatus.APPROVED, LocalDate.of(2026, 11, 20));

            assertThat(policy.decide(lost, List.of(reversed, reversal)).reversals()).isEmpty();
            assertThat(policy.decide(won("1000", "EUR", "network-security"), List.of(reversed, reversal)).earned())
                    .extracting(Earned::sourceKey).containsExactly("rebate:" + DEAL + ":1");
        }
    }

    @Test
    @DisplayName("a percent outside 0 to 100 or an unknown period is refused naming its key")
    void badRules() {
        assertThatThrownBy(() -> new IncentiveRules(Map.of("gold", Map.of("default", new BigDecimal("120"))), Map.of(), null, null, null))
                .hasMessage("rebate-percent.gold.default: expected a percent from 0 to 100, not 120");
        assertThatThrownBy(() -> new IncentiveRules(Map.of(), Map.of(), null, null, "week"))
                .hasMessage("period: expected quarter or month, not 'week'");
    }
}
