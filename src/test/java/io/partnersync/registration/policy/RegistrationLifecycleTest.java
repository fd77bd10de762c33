package io.partnersync.registration.policy;

import static io.partnersync.registration.policy.Fixtures.ACME_ID;
import static io.partnersync.registration.policy.Fixtures.GLOBEX_ID;
import static io.partnersync.registration.policy.Fixtures.TODAY;
import static io.partnersync.registration.policy.Fixtures.acme;
import static io.partnersync.registration.policy.Fixtures.existing;
import static io.partnersync.registration.policy.Fixtures.globex;
import static io.partnersync.registration.policy.Fixtures.policy;
import static io.partnersync.registration.policy.Fixtures.registration;
import static io.partnersync.registration.policy.Fixtures.withStage;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.Deal.DealStage;
import io.partnersync.canonical.Deal.RegistrationStatus;
import io.partnersync.registration.policy.RegistrationRules.ConflictPolicy;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("An existing deal registration")
class RegistrationLifecycleTest {

    /** The last day of exclusivity of a registration approved {@link Fixtures#TODAY}. */
    private static final LocalDate UNTIL = LocalDate.of(2026, 5, 31);
    private static final LocalDate AUTUMN = LocalDate.of(2026, 10, 1);

    private final RegistrationPolicy policy = policy();

    private static ExistingRegistration approved(LocalDate until) {
        return existing(ACME_ID, "Acme", "widgets", RegistrationStatus.APPROVED, until);
    }

    @Nested
    @DisplayName("lapses")
    class Lapse {

        @ParameterizedTest(name = "exclusive until {0}, checked on {1}: expired {2}")
        @CsvSource({
                "2026-05-31, 2026-05-30, false",
                "2026-05-31, 2026-05-31, false",
                "2026-05-31, 2026-06-01, true",
                "2026-05-31, 2027-01-01, true",
        })
        @DisplayName("the day after its last day of exclusivity")
        void byDate(LocalDate until, LocalDate today, boolean expired) {
            assertThat(policy.lapse(approved(until), today)).isEqualTo(expired
                    ? Optional.of(new Decision(RegistrationStatus.EXPIRED, RuleIds.EXPIRY_EXPIRED,
                            "Expired: exclusivity ended on 2026-05-31.", until, null, null))
                    : Optional.empty());
        }

        @ParameterizedTest(name = "a {0} registration")
        @EnumSource(value = RegistrationStatus.class, names = "APPROVED", mode = EnumSource.Mode.EXCLUDE)
        @DisplayName("only when approved")
        void onlyApproved(RegistrationStatus status) {
            assertThat(policy.lapse(existing(ACME_ID, "Acme", "widgets", status, TODAY.minusDays(30)), TODAY)).isEmpty();
        }

        @ParameterizedTest(name = "closed {0}")
        @CsvSource(delimiter = '|', textBlock = """
                CLOSED_WON  | APPROVED | Closed won: the registration is complete; it stays approved and no longer blocks other partners.
                CLOSED_LOST | EXPIRED  | Closed lost: exclusivity ended with the deal.
                """)
        @DisplayName("when its deal closes, before its exclusivity would end")
        void closed(DealStage stage, RegistrationStatus status, String reason) {
            assertThat(policy.lapse(withStage(approved(UNTIL), stage), TODAY))
                    .contains(new Decision(status, RuleIds.EXPIRY_CLOSED, reason, UNTIL, null, null));
        }

        @Test
        @DisplayName("and frees the customer for another partner")
        void freesTheCustomer() {
            Ledger ledger = new Ledger(new RegistrationPolicy(Fixtures.rules(ConflictPolicy.REJECT)));
            Registration first = registration().partner(GLOBEX_ID).build();
            assertThat(ledger.submit(first, globex(), TODAY).exclusiveUntil()).isEqualTo(UNTIL);
            assertThat(ledger.submit(registration().closeDate(AUTUMN).build(), acme(), UNTIL).status()).isEqualTo(RegistrationStatus.REJECTED);

            LocalDate dayAfter = UNTIL.plusDays(1);
            ledger.lapseAll(dayAfter);
            Decision newcomer = ledger.submit(registration().closeDate(AUTUMN).build(), acme(), dayAfter);

            assertThat(ledger.get(first.dealId()).status()).isEqualTo(RegistrationStatus.EXPIRED);
            assertThat(newcomer.status()).isEqualTo(RegistrationStatus.APPROVED);
            assertThat(newcomer.exclusiveUntil()).isEqualTo(dayAfter.plusDays(90));
        }

        @Test
        @DisplayName("and frees the customer by date even before the lapse job has run")
        void freesTheCustomerByDate() {
            Ledger ledger = new Ledger(policy);
            ledger.submit(registration().partner(GLOBEX_ID).build(), globex(), TODAY);

            assertThat(ledger.submit(registration().closeDate(AUTUMN).build(), acme(), UNTIL.plusDays(1)).status())
                    .isEqualTo(RegistrationStatus.APPROVED);
        }

        @Test
        @DisplayName("and the closed-won registration no longer blocks a newcomer")
        void closedWonFreesTheCustomer() {
            ExistingRegistration won = withStage(existing(GLOBEX_ID, "Globex", "widgets", RegistrationStatus.APPROVED, UNTIL), DealStage.CLOSED_WON);

            assertThat(policy.decide(registration().build(), acme(), List.of(won), List.of(), TODAY).status())
                    .isEqualTo(RegistrationStatus.APPROVED);
        }
    }

    @Nested
    @DisplayName("is extended")
    class Extend {

        @Test
        @DisplayName("once, by the configured days after its last day")
        void granted() {
            assertThat(policy.extend(approved(UNTIL), false, TODAY)).isEqualTo(Decision.approved(RuleIds.EXTENSION_GRANTED,
                    "Extended once by 30 days: exclusive until 2026-06-30.", LocalDate.of(2026, 6, 30)));
        }

        @Test
        @DisplayName("on its last day of exclusivity")
        void lastDay() {
            assertThat(policy.extend(approved(UNTIL), false, UNTIL).rule()).isEqualTo(RuleIds.EXTENSION_GRANTED);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                a second time          | APPROVED       | PROSPECTING | 2026-05-31 | true  | Extension refused: a registration can be extended only once, and this one already was.
                while pending review   | PENDING_REVIEW | PROSPECTING |            | false | Extension refused: only approved registrations can be extended, this one is pending review.
                when rejected          | REJECTED       | PROSPECTING |            | false | Extension refused: only approved registrations can be extended, this one is rejected.
                after the deal closed  | APPROVED       | CLOSED_WON  | 2026-05-31 | false | Extension refused: the deal is already closed won.
                after it expired       | APPROVED       | PROSPECTING | 2026-03-01 | false | Extension refused: exclusivity already ended on 2026-03-01.
                without an end date    | APPROVED       | PROSPECTING |            | false | Extension refused: its exclusivity has no end date.
                """)
        @DisplayName("never otherwise, leaving status and exclusivity as they are")
        void refused(String description, RegistrationStatus status, DealStage stage, LocalDate until, boolean alreadyExtended, String reason) {
            ExistingRegistration registration = withStage(existing(ACME_ID, "Acme", "widgets", status, until), stage);

            assertThat(policy.extend(registration, alreadyExtended, TODAY))
                    .isEqualTo(new Decision(status, RuleIds.EXTENSION_REFUSED, reason, until, null, null));
        }

        @Test
        @DisplayName("never when the program allows no extension")
        void notAllowed() {
            RegistrationPolicy strict = new RegistrationPolicy(new RegistrationRules(90, null, null, Map.of(), null));

            assertThat(strict.extend(approved(UNTIL), false, TODAY)).isEqualTo(new Decision(RegistrationStatus.APPROVED,
                    RuleIds.EXTENSION_REFUSED, "Extension refused: the program does not allow extensions.", UNTIL, null, null));
        }
    }

    @Nested
    @DisplayName("is decided by a channel manager")
    class Manager {

        @Test
        @DisplayName("who approves it with exclusivity from the day of approval")
        void approve() {
            assertThat(policy.approveByManager(TODAY.plusDays(10))).isEqualTo(Decision.approved(RuleIds.MANAGER_APPROVED,
                    "Approved by the channel manager: exclusive until 2026-06-10.", LocalDate.of(2026, 6, 10)));
        }

        @ParameterizedTest(name = "given ''{0}''")
        @CsvSource(delimiter = '|', textBlock = """
                Globex has worked this account for a year | Rejected by the channel manager: Globex has worked this account for a year.
                'Duplicate of 4711.  '                    | Rejected by the channel manager: Duplicate of 4711.
                ''                                        | Rejected by the channel manager.
                """)
        @DisplayName("who rejects it, passing on the reason")
        void reject(String reason, String expected) {
            assertThat(policy.rejectByManager(reason)).isEqualTo(Decision.rejected(RuleIds.MANAGER_REJECTED, expected));
        }
    }
}
