package io.partnersync.distribution.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersync.canonical.Partner.PartnerStatus;
import io.partnersync.canonical.Partner.PartnerTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Lead distribution policy")
class DistributionPolicyTest {

    static final DistributionRules RULES = new DistributionRules(Set.of(), Map.of(PartnerTier.GOLD, 3, PartnerTier.SILVER, 2),
            Map.of(PartnerTier.SILVER, 2), 0, Duration.ofDays(2), 3, true);
    static final DistributionPolicy POLICY = new DistributionPolicy(RULES);
    static final LeadFacts MUNICH_FIREWALL = new LeadFacts("DE", "BY", "80331", "Firewall");

    static Candidate partner(String key, PartnerTier tier, PartnerStatus status, List<String> territories, List<String> specializations,
                             Integer capacity, int open) {
        return new Candidate(UUID.nameUUIDFromBytes(key.getBytes()), key, key.substring(0, 1).toUpperCase() + key.substring(1), tier, status,
                territories, specializations, capacity, open, 0, 0);
    }

    static Candidate active(String key, List<String> territories) {
        return partner(key, PartnerTier.GOLD, PartnerStatus.ACTIVE, territories, List.of("Firewall"), null, 0);
    }

    static Stream<Arguments> eligibility() {
        return Stream.of(
                Arguments.of("country", active("acme", List.of("DE")), true),
                Arguments.of("another country", active("acme", List.of("FR")), false),
                Arguments.of("its region", active("acme", List.of("DE-BY")), true),
                Arguments.of("another region", active("acme", List.of("DE-BE")), false),
                Arguments.of("a postal-code prefix", active("acme", List.of("DE:80")), true),
                Arguments.of("another postal-code prefix", active("acme", List.of("DE:10")), false),
                Arguments.of("a postal prefix in another country", active("acme", List.of("AT:80")), false),
                Arguments.of("lower case territories", active("acme", List.of("de-by")), true),
                Arguments.of("a suspended partner", partner("acme", PartnerTier.GOLD, PartnerStatus.SUSPENDED, List.of("DE"), List.of("Firewall"), null, 0), false),
                Arguments.of("a prospect", partner("acme", PartnerTier.GOLD, PartnerStatus.PROSPECT, List.of("DE"), List.of("Firewall"), null, 0), false),
                Arguments.of("no specialization in the product", partner("acme", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("SD-WAN"), null, 0), false),
                Arguments.of("the specialization in another case", partner("acme", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("firewall"), null, 0), true),
                Arguments.of("its own capacity reached", partner("acme", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), 5, 5), false),
                Arguments.of("below its own capacity", partner("acme", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), 5, 4), true),
                Arguments.of("its tier's capacity reached", partner("acme", PartnerTier.SILVER, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), null, 2), false),
                Arguments.of("its own capacity above its tier's", partner("acme", PartnerTier.SILVER, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), 10, 2), true));
    }

    @ParameterizedTest(name = "{0}: eligible = {2}")
    @MethodSource("eligibility")
    @DisplayName("each eligibility rule")
    void eligibilityRules(String label, Candidate candidate, boolean eligible) {
        Choice choice = POLICY.choose(MUNICH_FIREWALL, List.of(candidate), Set.of(), 0);

        assertThat(choice).isInstanceOf(eligible ? Choice.Assign.class : Choice.Keep.class);
        if (eligible) {
            assertThat(choice.partnerId()).isEqualTo(candidate.id());
            assertThat(choice.rule()).isEqualTo(DistributionRuleIds.ASSIGNED);
        } else {
            assertThat(choice.rule()).isEqualTo(DistributionRuleIds.NO_ELIGIBLE_PARTNER);
        }
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of(new LeadFacts("JP", null, null, null), List.of(active("acme", List.of("DE"))), "Kept by the vendor: no partner's territory includes JP."),
                Arguments.of(MUNICH_FIREWALL, List.of(partner("acme", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("SD-WAN"), null, 0)),
                        "Kept by the vendor: no partner whose territory includes DE-BY is specialized in Firewall."),
                Arguments.of(MUNICH_FIREWALL, List.of(partner("acme", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), 1, 1)),
                        "Kept by the vendor: every eligible partner is at capacity."),
                Arguments.of(new LeadFacts(null, null, null, null), List.of(active("acme", List.of("DE"))),
                        "Kept by the vendor: the lead has no country, so no partner's territory includes it."));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("reasons")
    @DisplayName("no eligible partner: the lead stays with the vendor, saying why")
    void noEligiblePartner(LeadFacts lead, List<Candidate> partners, String reason) {
        Choice choice = POLICY.choose(lead, partners, Set.of(), 0);

        assertThat(choice).isInstanceOf(Choice.Keep.class);
        assertThat(choice.reason()).isEqualTo(reason);
    }

    @Test
    @DisplayName("a partner that already had the lead is never chosen again")
    void exclusionsAfterRecall() {
        Candidate acme = active("acme", List.of("DE"));
        Candidate globex = active("globex", List.of("DE"));

        assertThat(POLICY.choose(MUNICH_FIREWALL, List.of(acme, globex), Set.of(acme.id()), 1).partnerId()).isEqualTo(globex.id());
        Choice none = POLICY.choose(MUNICH_FIREWALL, List.of(acme, globex), Set.of(acme.id(), globex.id()), 2);
        assertThat(none.reason()).isEqualTo("Kept by the vendor: every eligible partner has already had this lead.");
    }

    @Test
    @DisplayName("after the maximum number of assignments the lead goes back to the vendor's queue")
    void maximumAssignments() {
        Choice choice = POLICY.choose(MUNICH_FIREWALL, List.of(active("acme", List.of("DE"))), Set.of(), 3);

        assertThat(choice.rule()).isEqualTo(DistributionRuleIds.MAX_ASSIGNMENTS);
        assertThat(choice.reason()).isEqualTo("Back in the vendor's queue: 3 partners had this lead without accepting it.");
    }

    @Test
    @DisplayName("the tiers that receive leads")
    void tiers() {
        DistributionPolicy goldOnly = new DistributionPolicy(new DistributionRules(Set.of(PartnerTier.GOLD), Map.of(), Map.of(), 0, Duration.ofDays(1), 3, true));
        Candidate silver = partner("acme", PartnerTier.SILVER, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), null, 0);

        assertThat(goldOnly.choose(MUNICH_FIREWALL, List.of(silver), Set.of(), 0).reason())
                .isEqualTo("Kept by the vendor: no partner whose territory includes DE-BY is of a tier that receives leads.");
    }

    @Test
    @DisplayName("the same state always gives the same partner; a tie goes to the first key")
    void deterministic() {
        List<Candidate> partners = List.of(active("globex", List.of("DE")), active("acme", List.of("DE")));

        assertThat(POLICY.choose(MUNICH_FIREWALL, partners, Set.of(), 0).partnerId()).isEqualTo(partners.get(1).id())
                .isEqualTo(POLICY.choose(MUNICH_FIREWALL, partners, Set.of(), 0).partnerId());
    }

    @Test
    @DisplayName("weights: the partner furthest below its share is chosen")
    void weights() {
        Candidate gold = new Candidate(UUID.randomUUID(), "gold", "Gold", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), null, 0, 5, 0);
        Candidate silver = new Candidate(UUID.randomUUID(), "silver", "Silver", PartnerTier.SILVER, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), 9, 0, 3, 0);

        // gold: (5 + 1) / 3 = 2.0; silver: (3 + 1) / 2 = 2.0, tie to "gold"; one more for gold tips it to silver
        assertThat(POLICY.choose(MUNICH_FIREWALL, List.of(gold, silver), Set.of(), 0).partnerId()).isEqualTo(gold.id());
        Candidate goldLater = new Candidate(gold.id(), "gold", "Gold", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), null, 0, 6, 0);
        assertThat(POLICY.choose(MUNICH_FIREWALL, List.of(goldLater, silver), Set.of(), 0).partnerId()).isEqualTo(silver.id());
    }

    @Test
    @DisplayName("a low acceptance rate lowers a partner's weight when the program says so")
    void acceptanceRate() {
        DistributionPolicy byAcceptance = new DistributionPolicy(new DistributionRules(Set.of(), Map.of(), Map.of(), 1, Duration.ofDays(1), 3, true));
        Candidate accepts = new Candidate(UUID.randomUUID(), "accepts", "Accepts", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), null, 0, 10, 10);
        Candidate ignores = new Candidate(UUID.randomUUID(), "ignores", "Ignores", PartnerTier.GOLD, PartnerStatus.ACTIVE, List.of("DE"), List.of("Firewall"), null, 0, 8, 1);

        assertThat(POLICY.choose(MUNICH_FIREWALL, List.of(accepts, ignores), Set.of(), 0).partnerId()).as("by counts alone").isEqualTo(ignores.id());
        assertThat(byAcceptance.choose(MUNICH_FIREWALL, List.of(accepts, ignores), Set.of(), 0).partnerId()).isEqualTo(accepts.id());
    }

    @Test
    @DisplayName("fairness: 10,000 leads over weights 3:2:1 end within 2 points of 50/33/17 %")
    void fairness() {
        DistributionPolicy policy = new DistributionPolicy(new DistributionRules(Set.of(),
                Map.of(PartnerTier.PLATINUM, 3, PartnerTier.GOLD, 2, PartnerTier.SILVER, 1), Map.of(), 0, Duration.ofDays(1), 3, true));
        Map<String, Long> given = new HashMap<>(Map.of("three", 0L, "two", 0L, "one", 0L));
        Map<String, PartnerTier> tiers = Map.of("three", PartnerTier.PLATINUM, "two", PartnerTier.GOLD, "one", PartnerTier.SILVER);
        for (int i = 0; i < 10_000; i++) {
            List<Candidate> partners = new ArrayList<>();
            tiers.forEach((key, tier) -> partners.add(new Candidate(UUID.nameUUIDFromBytes(key.getBytes()), key, key, tier, PartnerStatus.ACTIVE,
                    List.of("DE"), List.of("Firewall"), null, 0, given.get(key), 0)));
            Choice choice = policy.choose(MUNICH_FIREWALL, partners, Set.of(), 0);
            given.merge(((Choice.Assign) choice).partner().key(), 1L, Long::sum);
        }

        assertThat(given.get("three") / 100.0).isCloseTo(50.0, org.assertj.core.data.Offset.offset(2.0));
        assertThat(given.get("two") / 100.0).isCloseTo(33.3, org.assertj.core.data.Offset.offset(2.0));
        assertThat(given.get("one") / 100.0).isCloseTo(16.7, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    @DisplayName("bad rules are refused naming the setting")
    void badRules() {
        assertThatThrownBy(() -> new DistributionRules(Set.of(), Map.of(PartnerTier.GOLD, 0), Map.of(), 0, Duration.ofDays(1), 3, true))
                .hasMessageStartingWith("weights.gold must be at least 1");
        assertThatThrownBy(() -> new DistributionRules(Set.of(), Map.of(), Map.of(), 0, Duration.ZERO, 3, true))
                .hasMessageStartingWith("accept-within must be a positive duration");
        assertThatThrownBy(() -> new DistributionRules(Set.of(), Map.of(), Map.of(), 0, Duration.ofDays(1), 0, true))
                .hasMessageStartingWith("max-assignments must be at least 1");
        assertThatThrownBy(() -> new DistributionRules(Set.of(), Map.of(), Map.of(), 1.5, Duration.ofDays(1), 3, true))
                .hasMessageStartingWith("acceptance-weight must be between 0 and 1");
    }
}
