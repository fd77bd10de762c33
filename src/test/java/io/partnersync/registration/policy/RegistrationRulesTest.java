package io.partnersync.registration.policy;

import static io.partnersync.registration.policy.Fixtures.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.partnersync.canonical.Deal;
import io.partnersync.canonical.Deal.DealStage;
import io.partnersync.canonical.Partner.PartnerTier;
import io.partnersync.registration.policy.RegistrationRules.ConflictPolicy;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Registration rules")
class RegistrationRulesTest {

    @Nested
    @DisplayName("by default")
    class Defaults {

        @Test
        @DisplayName("give 90 days, no extension, review on conflict, no product lines, and let every tier register with review")
        void defaults() {
            RegistrationRules rules = RegistrationRules.defaults();

            assertThat(rules.exclusivityDays()).isEqualTo(90);
            assertThat(rules.extensionDays()).isNull();
            assertThat(rules.conflictPolicy()).isEqualTo(ConflictPolicy.REVIEW);
            assertThat(rules.productLines()).isEmpty();
            assertThat(rules.tiers()).containsOnlyKeys(PartnerTier.values()).allSatisfy((tier, rule) -> assertThat(rule).isEqualTo(TierRule.unrestricted()));
        }

        @Test
        @DisplayName("fill what the configuration leaves out")
        void missingParts() {
            RegistrationRules rules = new RegistrationRules(30, 15, null, null, null);

            assertThat(rules.conflictPolicy()).isEqualTo(ConflictPolicy.REVIEW);
            assertThat(rules.productLines()).isEmpty();
            assertThat(rules.tiers()).hasSize(PartnerTier.values().length);
            assertThat(new TierRule(null, null, null).productLines()).isEmpty();
        }
    }

    @Nested
    @DisplayName("are refused at start-up")
    class Validation {

        static Stream<Arguments> invalid() {
            Map<PartnerTier, TierRule> nullRule = new HashMap<>();
            nullRule.put(PartnerTier.GOLD, null);
            Map<String, String> twice = new LinkedHashMap<>();
            twice.put("Widget Pro", "widgets");
            twice.put("widget pro ", "gadgets");
            return Stream.of(
                    Arguments.of((ThrowingCallable) () -> new RegistrationRules(0, null, null, null, null),
                            "exclusivity-days must be at least 1, was 0"),
                    Arguments.of((ThrowingCallable) () -> new RegistrationRules(-5, null, null, null, null),
                            "exclusivity-days must be at least 1, was -5"),
                    Arguments.of((ThrowingCallable) () -> new RegistrationRules(90, 0, null, null, null),
                            "extension-days must be at least 1 when set (leave it out for no extension), was 0"),
                    Arguments.of((ThrowingCallable) () -> new RegistrationRules(90, null, null, Map.of(" ", "widgets"), null),
                            "product-lines must not contain a blank product"),
                    Arguments.of((ThrowingCallable) () -> new RegistrationRules(90, null, null, Map.of("Widget Pro", ""), null),
                            "product-lines.Widget Pro must name a product line"),
                    Arguments.of((ThrowingCallable) () -> new RegistrationRules(90, null, null, twice, null),
                            "product-lines lists 'widget pro' twice (ignoring case), as 'widgets' and 'gadgets'"),
                    Arguments.of((ThrowingCallable) () -> new RegistrationRules(90, null, null, null, Map.of()),
                            "tiers must list at least one partner tier [REGISTERED, SILVER, GOLD, PLATINUM] (leave it out to let every tier register)"),
                    Arguments.of((ThrowingCallable) () -> new RegistrationRules(90, null, null, null, nullRule),
                            "tiers.GOLD must have a rule (write {} for a tier without limits)"),
                    Arguments.of((ThrowingCallable) () -> new TierRule(null, money("0"), null),
                            "max-amount must be greater than 0 (leave it out for no maximum), was 0"),
                    Arguments.of((ThrowingCallable) () -> new TierRule(null, money("-100"), null),
                            "max-amount must be greater than 0 (leave it out for no maximum), was -100"),
                    Arguments.of((ThrowingCallable) () -> new TierRule(null, null, money("-0.01")),
                            "auto-approve-below must not be negative (leave it out to review every registration), was -0.01"),
                    Arguments.of((ThrowingCallable) () -> new TierRule(Set.of("widgets", " "), null, null),
                            "product-lines of a tier must not contain a blank product line"));
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("invalid")
        @DisplayName("with a message that names the key and what was expected")
        void invalid(ThrowingCallable configuration, String message) {
            assertThatIllegalArgumentException().isThrownBy(configuration).withMessage(message);
        }
    }

    @Nested
    @DisplayName("map products to product lines")
    class ProductLineMapping {

        private final RegistrationPolicy policy = new RegistrationPolicy(new RegistrationRules(90, null, null,
                Map.of("Widget Pro", "Widgets", "Widget Lite", " widgets "), null));

        @ParameterizedTest(name = "''{0}'' is in line ''{1}''")
        @CsvSource({
                "Widget Pro, widgets",
                "'  WIDGET   pro ', widgets",
                "widget lite, widgets",
                "Gizmo X, gizmo x",
                "' ', ",
                ", ",
        })
        @DisplayName("case-insensitively, a product not listed being its own line")
        void productLine(String product, String line) {
            assertThat(policy.productLine(product)).isEqualTo(line);
        }
    }

    @Test
    @DisplayName("read a registration from a canonical deal, with its domain normalized")
    void registrationFromDeal() {
        UUID dealId = UUID.randomUUID();
        UUID partnerId = UUID.randomUUID();
        Deal deal = new Deal("Contoso widgets", partnerId, "Contoso Inc.", "https://www.Contoso.com/", "Widget Pro", money("1200.50"),
                "eur", LocalDate.of(2026, 6, 30), DealStage.PROPOSAL, null, null, null, null, true);

        Registration registration = Registration.of(dealId, deal);

        assertThat(registration).isEqualTo(new Registration(dealId, partnerId, "Contoso Inc.", "contoso.com", "Widget Pro",
                money("1200.50"), "EUR", LocalDate.of(2026, 6, 30), DealStage.PROPOSAL));
        assertThat(registration.customerKey()).isEqualTo("domain:contoso.com");
        assertThat(registration.customerKeys()).containsExactly("domain:contoso.com", "name:contoso");
    }
}
