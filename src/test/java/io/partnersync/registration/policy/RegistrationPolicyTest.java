package io.partnersync.registration.policy;

import static io.partnersync.registration.policy.Fixtures.ACME_ID;
import static io.partnersync.registration.policy.Fixtures.GLOBEX_ID;
import static io.partnersync.registration.policy.Fixtures.INITECH_ID;
import static io.partnersync.registration.policy.Fixtures.TODAY;
import static io.partnersync.registration.policy.Fixtures.acme;
import static io.partnersync.registration.policy.Fixtures.existing;
import static io.partnersync.registration.policy.Fixtures.globexApproved;
import static io.partnersync.registration.policy.Fixtures.partner;
import static io.partnersync.registration.policy.Fixtures.policy;
import static io.partnersync.registration.policy.Fixtures.registration;
import static io.partnersync.registration.policy.Fixtures.rules;
import static io.partnersync.registration.policy.Fixtures.withStage;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.Deal.DealStage;
import io.partnersync.canonical.Deal.RegistrationStatus;
import io.partnersync.canonical.Partner;
import io.partnersync.canonical.Partner.PartnerStatus;
import io.partnersync.canonical.Partner.PartnerTier;
import io.partnersync.registration.policy.RegistrationRules.ConflictPolicy;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A new deal registration")
class RegistrationPolicyTest {

    private final RegistrationPolicy policy = policy();

    private Decision decide(Registration registration, ExistingRegistration... existing) {
        return policy.decide(registration, acme(), List.of(existing), List.of(), TODAY);
    }

    @Nested
    @DisplayName("submitted again by the same partner")
    class SamePartner {

        @ParameterizedTest(name = "a {0} registration of the same deal keeps its status and exclusivity")
        @EnumSource(value = RegistrationStatus.class, names = {"APPROVED", "PENDING_REVIEW", "SUBMITTED", "EXPIRED"})
        @DisplayName("changes nothing for the same deal")
        void sameDeal(RegistrationStatus status) {
            Registration registration = registration().build();
            LocalDate until = status == RegistrationStatus.APPROVED ? TODAY.plusDays(40) : null;
            ExistingRegistration earlier = new ExistingRegistration(registration.dealId(), ACME_ID, "Acme", "widgets", status, until, DealStage.PROSPECTING);

            Decision decision = decide(registration, earlier);

            assertThat(decision.status()).isEqualTo(status);
            assertThat(decision.exclusiveUntil()).isEqualTo(until);
            assertThat(decision.rule()).isEqualTo(RuleIds.DUPLICATE_SAME_PARTNER);
        }

        @Test
        @DisplayName("gives the identical decision every time the same deal is replayed, and never new exclusivity")
        void replayIsIdempotent() {
            Ledger ledger = new Ledger(policy);
            Registration registration = registration().build();
            Decision first = ledger.submit(registration, acme(), TODAY);

            Decision second = ledger.submit(registration, acme(), TODAY.plusDays(10));
            Decision third = ledger.submit(registration, acme(), TODAY.plusDays(10));

            assertThat(first.status()).isEqualTo(RegistrationStatus.APPROVED);
            assertThat(second.status()).isEqualTo(first.status());
            assertThat(second.exclusiveUntil()).isEqualTo(first.exclusiveUntil()).isEqualTo(TODAY.plusDays(90));
            assertThat(third).isEqualTo(second);
            assertThat(second.reason()).isEqualTo("Already registered: this deal's registration is approved until 2026-05-31; "
                    + "submitting it again changes nothing.");
        }

        @Test
        @DisplayName("decides a previously rejected deal afresh, since the partner may have fixed it")
        void rejectedIsDecidedAgain() {
            Registration registration = registration().build();
            ExistingRegistration rejected = new ExistingRegistration(registration.dealId(), ACME_ID, "Acme", "widgets",
                    RegistrationStatus.REJECTED, null, DealStage.PROSPECTING);

            assertThat(decide(registration, rejected).rule()).isEqualTo(RuleIds.APPROVAL_AUTO);
        }

        @ParameterizedTest(name = "while the first is {0}")
        @EnumSource(value = RegistrationStatus.class, names = {"APPROVED", "PENDING_REVIEW", "SUBMITTED"})
        @DisplayName("rejects a second deal for the same customer and product line")
        void secondDeal(RegistrationStatus status) {
            ExistingRegistration first = existing(ACME_ID, "Acme", "widgets", status, status == RegistrationStatus.APPROVED ? TODAY : null);

            Decision decision = decide(registration().build(), first);

            assertThat(decision.status()).isEqualTo(RegistrationStatus.REJECTED);
            assertThat(decision.rule()).isEqualTo(RuleIds.DUPLICATE_SAME_PARTNER);
            assertThat(decision.exclusiveUntil()).isNull();
            assertThat(decision.conflictsWith()).containsExactly(first.dealId());
            assertThat(decision.reason()).startsWith("Already registered: your registration " + first.dealId()
                    + " for this customer and product line is " + status.name().toLowerCase().replace('_', ' '));
        }

        static Stream<Arguments> endedOrElsewhere() {
            return Stream.of(
                    Arguments.of("expired yesterday", existing(ACME_ID, "Acme", "widgets", RegistrationStatus.APPROVED, TODAY.minusDays(1))),
                    Arguments.of("rejected", existing(ACME_ID, "Acme", "widgets", RegistrationStatus.REJECTED, null)),
                    Arguments.of("marked expired", existing(ACME_ID, "Acme", "widgets", RegistrationStatus.EXPIRED, TODAY.minusDays(5))),
                    Arguments.of("closed lost", withStage(existing(ACME_ID, "Acme", "widgets", RegistrationStatus.APPROVED, TODAY), DealStage.CLOSED_LOST)),
                    Arguments.of("for another product line", existing(ACME_ID, "Acme", "analytics", RegistrationStatus.APPROVED, TODAY)));
        }

        @ParameterizedTest(name = "the first registration {0}")
        @MethodSource("endedOrElsewhere")
        @DisplayName("decides a second deal normally when the first no longer counts")
        void firstNoLongerCounts(String description, ExistingRegistration first) {
            assertThat(decide(registration().build(), first).rule()).isEqualTo(RuleIds.APPROVAL_AUTO);
        }
    }

    @Nested
    @DisplayName("from a partner")
    class Partners {

        @ParameterizedTest(name = "that is {0}")
        @CsvSource({
                "PROSPECT, 'Rejected: partner Acme is still a prospect, only active partners can register deals.'",
                "SUSPENDED, 'Rejected: partner Acme is suspended, only active partners can register deals.'",
                "TERMINATED, 'Rejected: partner Acme is terminated, only active partners can register deals.'",
                ", 'Rejected: partner Acme is without a status, only active partners can register deals.'",
        })
        @DisplayName("that is not active is rejected")
        void inactive(PartnerStatus status, String reason) {
            Decision decision = policy.decide(registration().build(), partner("Acme", PartnerTier.GOLD, status), List.of(), List.of(), TODAY);

            assertThat(decision).isEqualTo(Decision.rejected(RuleIds.PARTNER_ACTIVE, reason));
        }

        @Test
        @DisplayName("that is active is eligible")
        void active() {
            assertThat(decide(registration().build()).status()).isEqualTo(RegistrationStatus.APPROVED);
        }
    }

    @Nested
    @DisplayName("with a required field missing")
    class RequiredFields {

        static Stream<Arguments> incomplete() {
            return Stream.of(
                    Arguments.of("no customer name or domain", registration().customer(null, null),
                            "Rejected: the customer's company name or web domain is missing."),
                    Arguments.of("a blank customer name and no domain", registration().customer("  ", " "),
                            "Rejected: the customer's company name or web domain is missing."),
                    Arguments.of("no product", registration().product(null), "Rejected: the product is missing."),
                    Arguments.of("a blank product", registration().product(" "), "Rejected: the product is missing."),
                    Arguments.of("no amount", registration().amount(null), "Rejected: the deal amount is missing."),
                    Arguments.of("a zero amount", registration().amount("0.00"), "Rejected: the deal amount must be greater than zero, was 0 EUR."),
                    Arguments.of("a negative amount", registration().amount("-250"),
                            "Rejected: the deal amount must be greater than zero, was -250 EUR."),
                    Arguments.of("no close date", registration().closeDate(null), "Rejected: the expected close date is missing."),
                    Arguments.of("product and close date missing", registration().product(null).closeDate(null),
                            "Rejected: the product and the expected close date are missing."),
                    Arguments.of("everything missing", registration().customer(null, null).product(null).amount(null).closeDate(null),
                            "Rejected: the customer's company name or web domain, the product, the deal amount and the expected close date are missing."));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("incomplete")
        @DisplayName("is rejected, naming the field in plain words")
        void missing(String description, Fixtures.Builder registration, String reason) {
            assertThat(decide(registration.build())).isEqualTo(Decision.rejected(RuleIds.REQUIRED_FIELD, reason));
        }

        @Test
        @DisplayName("is rejected when the expected close date is in the past")
        void closeDateInThePast() {
            Decision decision = decide(registration().closeDate(TODAY.minusDays(1)).build());

            assertThat(decision).isEqualTo(Decision.rejected(RuleIds.CLOSE_DATE, "Rejected: the expected close date 2026-03-01 is in the past."));
        }

        @ParameterizedTest(name = "customer name {0}, domain {1}")
        @CsvSource({"Contoso,", ", contoso.com"})
        @DisplayName("is complete with either the customer's name or domain, and a close date of today")
        void complete(String name, String domain) {
            Decision decision = decide(registration().customer(name, domain).closeDate(TODAY).build());

            assertThat(decision.status()).isEqualTo(RegistrationStatus.APPROVED);
        }
    }

    @Nested
    @DisplayName("checked against the partner's tier")
    class TierLimits {

        @ParameterizedTest(name = "{0} partner, product {1}, amount {2}: {3}")
        @CsvSource(delimiter = '|', textBlock = """
                REGISTERED | Widget Pro  | 10000     | eligibility.tier         | Rejected: Registered partners cannot register deals in this program.
                           | Widget Pro  | 10000     | eligibility.tier         | Rejected: partner Acme has no partner tier, so it cannot register deals.
                SILVER     | Insight     | 10000     | eligibility.tier-product | Rejected: Silver partners can register only widgets deals, and Insight is in the analytics product line.
                SILVER     | Gizmo       | 10000     | eligibility.tier-product | Rejected: Silver partners can register only widgets deals, and Gizmo is in the gizmo product line.
                SILVER     | Widget Lite | 100000.01 | eligibility.tier-amount  | Rejected: the deal size 100000.01 EUR is above the Silver tier's limit of 100000 EUR.
                GOLD       | Insight     | 500001    | eligibility.tier-amount  | Rejected: the deal size 500001 EUR is above the Gold tier's limit of 500000 EUR.
                """)
        @DisplayName("is rejected when the tier may not register it")
        void refused(PartnerTier tier, String product, String amount, String rule, String reason) {
            Decision decision = policy.decide(registration().product(product).amount(amount).build(),
                    partner("Acme", tier, PartnerStatus.ACTIVE), List.of(), List.of(), TODAY);

            assertThat(decision).isEqualTo(Decision.rejected(rule, reason));
        }

        @ParameterizedTest(name = "{0} partner, product {1}, amount {2}")
        @CsvSource({
                "SILVER, Widget Lite, 100000",
                "SILVER, WIDGET PRO, 50000",
                "GOLD, Insight, 500000",
                "PLATINUM, Gizmo, 99000000",
        })
        @DisplayName("passes when the tier allows the product line and the amount is at most its limit")
        void allowed(PartnerTier tier, String product, String amount) {
            Decision decision = policy.decide(registration().product(product).amount(amount).build(),
                    partner("Acme", tier, PartnerStatus.ACTIVE), List.of(), List.of(), TODAY);

            assertThat(decision.rule()).startsWith("approval.");
        }
    }

    @Nested
    @DisplayName("for a customer another partner holds")
    class OtherPartner {

        @ParameterizedTest(name = "with policy {0} it is {1}")
        @CsvSource({
                "REJECT, REJECTED, 'Rejected: conflicts with an approved registration by Globex.'",
                "REVIEW, PENDING_REVIEW, 'Needs review: conflicts with an approved registration by Globex.'",
        })
        @DisplayName("conflicts with the other's approved registration")
        void approved(ConflictPolicy conflictPolicy, RegistrationStatus status, String reason) {
            ExistingRegistration globex = globexApproved("widgets", LocalDate.of(2026, 5, 25));

            Decision decision = new RegistrationPolicy(rules(conflictPolicy)).decide(registration().build(), acme(), List.of(globex), List.of(), TODAY);

            assertThat(decision).isEqualTo(new Decision(status, RuleIds.CONFLICT_OTHER_PARTNER, reason, null, List.of(globex.dealId()), List.of()));
        }

        @ParameterizedTest(name = "exclusivity until {0}, product line {1}, stage {2}: conflict {3}")
        @CsvSource({
                "2026-03-02, widgets,   NEGOTIATION, true",
                "2026-03-01, widgets,   NEGOTIATION, false",
                "2026-06-01, analytics, NEGOTIATION, false",
                "2026-06-01, ,          PROPOSAL,    true",
                "2026-06-01, widgets,   CLOSED_WON,  false",
                "2026-06-01, widgets,   CLOSED_LOST, false",
        })
        @DisplayName("conflicts only while the other's exclusivity lasts (its last day included), on the same product line, with the deal open")
        void onlyWhileExclusive(LocalDate until, String line, DealStage stage, boolean conflict) {
            ExistingRegistration globex = withStage(globexApproved(line, until), stage);

            Decision decision = decide(registration().build(), globex);

            assertThat(decision.rule()).isEqualTo(conflict ? RuleIds.CONFLICT_OTHER_PARTNER : RuleIds.APPROVAL_AUTO);
        }

        @ParameterizedTest(name = "another partner''s {0} registration")
        @EnumSource(value = RegistrationStatus.class, names = {"PENDING_REVIEW", "SUBMITTED"})
        @DisplayName("that is not approved yet is a conflict that goes to review, even where conflicts are rejected")
        void waiting(RegistrationStatus status) {
            ExistingRegistration globex = existing(GLOBEX_ID, "Globex", "widgets", status, null);

            Decision decision = new RegistrationPolicy(rules(ConflictPolicy.REJECT)).decide(registration().build(), acme(), List.of(globex), List.of(), TODAY);

            assertThat(decision).isEqualTo(new Decision(RegistrationStatus.PENDING_REVIEW, RuleIds.CONFLICT_OTHER_PARTNER,
                    "Needs review: Globex registered this customer for the same product line first and is awaiting review.",
                    null, List.of(globex.dealId()), List.of()));
        }

        @ParameterizedTest(name = "another partner''s {0} registration")
        @EnumSource(value = RegistrationStatus.class, names = {"REJECTED", "EXPIRED", "NONE"})
        @DisplayName("that no longer counts is no conflict")
        void ended(RegistrationStatus status) {
            assertThat(decide(registration().build(), existing(GLOBEX_ID, "Globex", "widgets", status, TODAY.plusDays(9))).rule())
                    .isEqualTo(RuleIds.APPROVAL_AUTO);
        }

        @Test
        @DisplayName("lists every conflicting registration, approved ones first, and the vendor's matching opportunities")
        void several() {
            ExistingRegistration initech = existing(INITECH_ID, "Initech", "widgets", RegistrationStatus.PENDING_REVIEW, null);
            ExistingRegistration globex = globexApproved("widgets", LocalDate.of(2026, 4, 1));
            ExistingRegistration umbrella = existing(UUID.randomUUID(), null, "widgets", RegistrationStatus.APPROVED, null);
            DirectOpportunity renewal = new DirectOpportunity("006A", "Contoso renewal", "Widgets");

            Decision decision = policy.decide(registration().build(), acme(), List.of(initech, globex, umbrella), List.of(renewal), TODAY);

            assertThat(decision.status()).isEqualTo(RegistrationStatus.PENDING_REVIEW);
            assertThat(decision.conflictsWith()).containsExactly(globex.dealId(), umbrella.dealId(), initech.dealId());
            assertThat(decision.directOpportunities()).containsExactly("006A");
            assertThat(decision.reason()).isEqualTo(
                    "Needs review: conflicts with approved registrations by Globex and another partner.");
        }
    }

    @Nested
    @DisplayName("for the same customer spelled differently")
    class CustomerSpellings {

        @ParameterizedTest(name = "Globex registered ''{0}'' / ''{1}'', Acme registers ''{2}'' / ''{3}''")
        @CsvSource({
                ",                        https://www.contoso.com/, ,                    contoso.com",
                ",                        CONTOSO.COM,              ,                    www.contoso.com.",
                "Contoso Inc.,            ,                         contoso,             ",
                "Contoso GmbH,            ,                         Contoso,             ",
                "'CONTOSO, Ltd',          ,                         Contoso Incorporated,",
                "The Contoso Company,     ,                         Contoso,             ",
                "Contoso GmbH & Co. KG,   ,                         Contoso AG,          ",
                "Contoso Inc.,            contoso.com,              'Contoso, Inc',      ",
                "Contoso,                 ,                         CONTOSO LTD,         https://contoso.com/en",
        })
        @DisplayName("is found by the customer key and conflicts")
        void sameCustomer(String firstName, String firstDomain, String secondName, String secondDomain) {
            Ledger ledger = new Ledger(new RegistrationPolicy(rules(ConflictPolicy.REJECT)));
            Registration globex = registration().partner(GLOBEX_ID).customer(firstName, firstDomain).build();
            assertThat(ledger.submit(globex, Fixtures.globex(), TODAY).status()).isEqualTo(RegistrationStatus.APPROVED);

            Decision decision = ledger.submit(registration().customer(secondName, secondDomain).build(), acme(), TODAY.plusDays(1));

            assertThat(decision.status()).isEqualTo(RegistrationStatus.REJECTED);
            assertThat(decision.conflictsWith()).containsExactly(globex.dealId());
        }

        @ParameterizedTest(name = "''{0}'' and ''{1}''")
        @CsvSource({"Contoso, Contoso Pharma", "Contoso Inc., Contoso Holdings", "Contoso, Kontoso"})
        @DisplayName("but different customers do not conflict")
        void differentCustomers(String first, String second) {
            Ledger ledger = new Ledger(policy);
            ledger.submit(registration().partner(GLOBEX_ID).customer(first, null).build(), Fixtures.globex(), TODAY);

            assertThat(ledger.submit(registration().customer(second, null).build(), acme(), TODAY).rule()).isEqualTo(RuleIds.APPROVAL_AUTO);
        }
    }

    @Nested
    @DisplayName("for a customer the vendor's own sales team is working")
    class VendorDirect {

        @Test
        @DisplayName("goes to review, naming the opportunity")
        void review() {
            Decision decision = policy.decide(registration().build(), acme(), List.of(),
                    List.of(new DirectOpportunity("006A", "Contoso renewal", "widgets")), TODAY);

            assertThat(decision).isEqualTo(new Decision(RegistrationStatus.PENDING_REVIEW, RuleIds.CONFLICT_VENDOR_DIRECT,
                    "Needs review: the vendor's own sales team has an open opportunity for this customer (Contoso renewal).",
                    null, List.of(), List.of("006A")));
        }

        @ParameterizedTest(name = "opportunity product line {0}: vendor conflict {1}")
        @CsvSource({"Widgets, true", ", true", "analytics, false"})
        @DisplayName("counts an opportunity on the same line or on no particular line")
        void productLine(String line, boolean conflict) {
            Decision decision = policy.decide(registration().build(), acme(), List.of(), List.of(new DirectOpportunity("006B", null, line)), TODAY);

            assertThat(decision.rule()).isEqualTo(conflict ? RuleIds.CONFLICT_VENDOR_DIRECT : RuleIds.APPROVAL_AUTO);
        }

        @Test
        @DisplayName("lists every matching opportunity's id, and names in the reason only those given a name")
        void several() {
            Decision decision = policy.decide(registration().build(), acme(), List.of(), List.of(
                    new DirectOpportunity("006A", "Contoso renewal", "widgets"), new DirectOpportunity("006B", null, null),
                    new DirectOpportunity("006C", "Contoso BI", "analytics")), TODAY);

            assertThat(decision.directOpportunities()).containsExactly("006A", "006B");
            assertThat(decision.reason()).isEqualTo(
                    "Needs review: the vendor's own sales team has open opportunities for this customer (Contoso renewal).");
        }

        @Test
        @DisplayName("without names, the reason tells the rep of the vendor's opportunity without naming it")
        void unnamed() {
            Decision decision = policy.decide(registration().build(), acme(), List.of(), List.of(new DirectOpportunity("006B", null, null)), TODAY);

            assertThat(decision.reason()).isEqualTo("Needs review: the vendor's own sales team has an open opportunity for this customer.");
        }
    }

    @Nested
    @DisplayName("that is eligible and free of conflict")
    class Approval {

        @ParameterizedTest(name = "{0} partner, {1} EUR: {2}")
        @CsvSource({
                "SILVER,   19999.99,  APPROVED",
                "SILVER,   20000,     PENDING_REVIEW",
                "SILVER,   20000.01,  PENDING_REVIEW",
                "GOLD,     49999.99,  APPROVED",
                "GOLD,     50000.00,  PENDING_REVIEW",
                "GOLD,     50000.01,  PENDING_REVIEW",
                "PLATINUM, 249999,    APPROVED",
                "PLATINUM, 250000,    PENDING_REVIEW",
                "PLATINUM, 1000000,   PENDING_REVIEW",
        })
        @DisplayName("is approved automatically strictly below its tier's threshold, otherwise reviewed")
        void threshold(PartnerTier tier, String amount, RegistrationStatus status) {
            Decision decision = policy.decide(registration().amount(amount).build(), partner("Acme", tier, PartnerStatus.ACTIVE),
                    List.of(), List.of(), TODAY);

            assertThat(decision.status()).isEqualTo(status);
            assertThat(decision.rule()).isEqualTo(status == RegistrationStatus.APPROVED ? RuleIds.APPROVAL_AUTO : RuleIds.APPROVAL_REVIEW);
            assertThat(decision.exclusiveUntil()).isEqualTo(status == RegistrationStatus.APPROVED ? TODAY.plusDays(90) : null);
        }

        @Test
        @DisplayName("says why it was approved and until when it is exclusive")
        void approvedReason() {
            assertThat(decide(registration().amount("12000").build()).reason())
                    .isEqualTo("Approved automatically: Gold partners are approved below 50000 EUR; exclusive until 2026-05-31.");
        }

        @Test
        @DisplayName("says why it needs review when at or above the threshold")
        void reviewReason() {
            assertThat(decide(registration().amount("50000").build()).reason())
                    .isEqualTo("Needs review: amount 50000 EUR is at or above the Gold auto-approval limit of 50000 EUR.");
        }

        @Test
        @DisplayName("is always reviewed under the default rules")
        void defaults() {
            Decision decision = new RegistrationPolicy(RegistrationRules.defaults()).decide(registration().amount("1").build(), acme(),
                    List.of(), List.of(), TODAY);

            assertThat(decision).isEqualTo(Decision.review(RuleIds.APPROVAL_REVIEW,
                    "Needs review: registrations by Gold partners are always reviewed by a channel manager."));
        }
    }

    @Test
    @DisplayName("applies the rules in order: a duplicate beats eligibility, eligibility beats conflicts, conflicts beat the vendor")
    void order() {
        Partner suspended = partner("Acme", PartnerTier.GOLD, PartnerStatus.SUSPENDED);
        Registration registration = registration().build();
        ExistingRegistration mine = existing(ACME_ID, "Acme", "widgets", RegistrationStatus.PENDING_REVIEW, null);
        ExistingRegistration globex = globexApproved("widgets", TODAY.plusDays(3));
        List<DirectOpportunity> direct = List.of(new DirectOpportunity("006A", "Contoso renewal", null));

        assertThat(policy.decide(registration, suspended, List.of(mine, globex), direct, TODAY).rule()).isEqualTo(RuleIds.DUPLICATE_SAME_PARTNER);
        assertThat(policy.decide(registration, suspended, List.of(globex), direct, TODAY).rule()).isEqualTo(RuleIds.PARTNER_ACTIVE);
        assertThat(policy.decide(registration, acme(), List.of(globex), direct, TODAY).rule()).isEqualTo(RuleIds.CONFLICT_OTHER_PARTNER);
    }
}
